using System.CommandLine;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Emulator;
using CanvasData2.Settings;

namespace CanvasData2.Cli.Commands.Local;

/// <summary>
/// <c>cd2 emulator</c>: serves the local DAP emulator until Ctrl+C. Prints its URL and its own throwaway
/// credentials as <c>NAME=value</c> lines on stdout, ready for <c>export</c>; they open nothing but this process.
/// </summary>
internal sealed class EmulatorCommand(CliConsole console) : CliCommand
{
    private readonly Option<int> _port = new("--port", "-p") { Description = "TCP port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 0 };
    private readonly Option<long> _rows = LocalOptions.Rows();
    private readonly Option<long> _seed = LocalOptions.Seed();

    public override Command CreateDefinition()
        => new("emulator", "Serve a local DAP API with synthetic Canvas data until Ctrl+C (prints URL and credentials on stdout)") { _port, _rows, _seed };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var port = parseResult.GetValue(_port);
        if (port is < 0 or > 65535)
        {
            throw new UsageException("--port must be between 0 and 65535.");
        }

        var options = new EmulatorOptions { Port = port, Rows = parseResult.GetValue(_rows), Seed = parseResult.GetValue(_seed) };
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        console.WriteResult($"{SettingNames.BaseUrl}={emulator.BaseUrl}");
        console.WriteResult($"{SettingNames.ClientId}={emulator.ClientId}");
        console.WriteResult($"{SettingNames.ClientSecret}={emulator.ClientSecret}");
        console.Info($"DAP emulator listening on {emulator.BaseUrl} (step {emulator.Step}, {emulator.Now:u}); press Ctrl+C to stop.");

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how this command is meant to end.
        }

        console.Info("Emulator stopped.");
        return ExitCodes.Ok;
    }
}
