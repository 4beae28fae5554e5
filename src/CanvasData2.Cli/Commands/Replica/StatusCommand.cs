using System.CommandLine;
using System.Globalization;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>
/// <c>cd2 status</c>: is the replica fresh, and if not, which table and why. Per table: schema version, last sync
/// time and its age, rows, and the latest run's outcome with its error and the values DAP truncated (stalest first).
/// </summary>
internal sealed class StatusCommand(CliSettings settings, ReplicaFactory replicaFactory, CliConsole console, TimeProvider clock) : CliCommand
{
    private readonly Option<string?> _namespace = new("--namespace", "-n") { Description = "Only this namespace (default: all)" };
    private readonly Option<bool> _json = new("--json") { Description = "Print the status as JSON on stdout instead of a table" };

    public override Command CreateDefinition()
        => new("status", "Show the replicated tables: schema version, last sync and its age, rows, the latest run and its error") { _namespace, _json };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var replica = replicaFactory.Create(settings.RequireConnectionString(parseResult));
        await replica.EnsureBookkeepingAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var tables = (await replica.GetStatusAsync(parseResult.GetValue(_namespace), cancellationToken).ConfigureAwait(false))
            .OrderBy(t => t.LastSync)
            .ThenBy(t => t.Table.ToString(), StringComparer.Ordinal)
            .ToList();
        if (parseResult.GetValue(_json))
        {
            console.WriteJson(tables.Select(t => new
            {
                @namespace = t.Table.Namespace,
                table = t.Table.Table,
                schemaVersion = t.SchemaVersion,
                lastSync = t.LastSync,
                hoursSinceSync = Math.Round((now - t.LastSync).TotalHours, 1),
                rowCount = t.RowCount,
                lastSuccess = t.LastSuccess,
                lastRun = t.LastRun is { } run
                    ? new
                    {
                        runId = run.RunId,
                        outcome = run.Outcome,
                        finishedAt = run.FinishedAt,
                        rowsChanged = run.RowsChanged,
                        seconds = run.Seconds,
                        truncatedValues = run.TruncatedValues,
                        errorKind = run.ErrorKind,
                        error = run.Error,
                    }
                    : null,
            }));
            return ExitCodes.Ok;
        }

        console.Table(
            $"{tables.Count} replicated table(s)",
            ["table", "schema", "last sync (UTC)", "age", "rows", "latest run", "error"],
            tables.Select(t => (IReadOnlyList<string>)
            [
                t.Table.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"v{t.SchemaVersion}"),
                t.LastSync.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Age(now - t.LastSync),
                t.RowCount is { } rows ? Sizes.Count(rows) : "?",
                t.LastRun is { } run ? $"{run.Outcome} ({Age(now - run.FinishedAt)} ago){Truncated(run.TruncatedValues)}" : "—",
                t.LastRun is { ErrorKind: { } kind } failed ? $"{kind}: {failed.Error}" : "",
            ]));
        return ExitCodes.Ok;
    }

    /// <summary>Values DAP served as its oversized placeholder: the replica holds the placeholder, not the value.</summary>
    internal static string Truncated(long values) => values > 0 ? $", {Sizes.Count(values)} value(s) truncated by DAP" : "";

    private static string Age(TimeSpan age)
        => age.TotalHours >= 48 ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:F0} d")
            : age.TotalMinutes >= 90 ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:F0} h")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, age.TotalMinutes):F0} min");
}
