using System.CommandLine;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;
using CanvasData2.Replication;
using CanvasData2.Settings;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// Runs a command and turns what escapes it into a clear message on stderr and an exit code. Messages of
/// the exception types caught here never carry credentials (the DAP client and Npgsql leave them out).
/// </summary>
internal sealed partial class FailureReporter(CliConsole console, ILogger<FailureReporter> logger)
{
    public async Task<int> RunAsync(CliCommand command, ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            return await command.RunAsync(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Warn("Cancelled; nothing half-done was published.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is UsageException or SettingException)
        {
            console.Fail(e.Message);
            return ExitCodes.Usage;
        }
        catch (DapException e)
        {
            console.Fail(DescribeDap(e));
            LogFailure(e);
            return e.Kind is DapErrorKind.Authentication or DapErrorKind.Forbidden or DapErrorKind.NotFound or DapErrorKind.BadRequest or DapErrorKind.InvalidName
                ? ExitCodes.Usage
                : ExitCodes.Failed;
        }
        catch (Exception e) when (e is ReplicationException or NpgsqlException or HttpRequestException or IOException or InvalidOperationException)
        {
            console.Fail(e is NpgsqlException ? $"PostgreSQL: {e.Message}" : e.Message);
            LogFailure(e);
            return ExitCodes.Failed;
        }
    }

    private static string DescribeDap(DapException e)
    {
        var uuid = e.Error?.Uuid is { } id ? $" (DAP error id {id})" : string.Empty;
        return e.Kind switch
        {
            DapErrorKind.Authentication =>
                $"DAP rejected the credentials: check --client-id ({SettingNames.ClientId}) and --client-secret ({SettingNames.ClientSecret}). {e.Message}{uuid}",
            DapErrorKind.Transient => $"DAP is unavailable, try again later: {e.Message}{uuid}",
            _ => $"{e.Message}{uuid}",
        };
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Command failed")]
    private partial void LogFailure(Exception exception);
}
