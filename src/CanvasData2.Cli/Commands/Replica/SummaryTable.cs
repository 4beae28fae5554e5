using System.Globalization;
using CanvasData2.Cli.Output;
using CanvasData2.Orchestration;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>The per-table summary of a refresh on stderr; errors carry the DAP error id support asks for.</summary>
internal static class SummaryTable
{
    public static void Render(CliConsole console, string title, RunSummary summary)
    {
        var rows = summary.Tables.Select(t => (IReadOnlyList<string>)
        [
            $"{t.Namespace}.{t.Table}",
            Outcome(t.Outcome) + (t.RowsKept is { } kept ? $", {Sizes.Count(kept)} older rows kept" : "") + StatusCommand.Truncated(t.TruncatedValues),
            Sizes.Count(t.RowsUpserted),
            Sizes.Count(t.RowsDeleted),
            Version(t),
            t.Duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            t.Error is { } e ? Error(e) : string.Empty,
        ]);
        var elapsed = summary.FinishedAtUtc - summary.StartedAtUtc;
        console.Table(
            $"{title}: {summary.Tables.Count} table(s), {summary.Failed} failed, {elapsed.TotalSeconds:0.0}s",
            ["table", "outcome", "upserted", "deleted", "schema", "time", "error"],
            rows);
        if (summary.Error is { } runError)
        {
            console.Fail($"The refresh could not start: {Error(runError)}");
        }
    }

    public static string Outcome(TableOutcome outcome) => outcome switch
    {
        TableOutcome.Complete => "complete",
        TableOutcome.Initialized => "initialized",
        TableOutcome.Reinitialized => "reinitialized",
        TableOutcome.Failed => "failed",
        _ => "skipped",
    };

    private static string Version(TableResult table) => table switch
    {
        { SchemaChanged: true } => $"v{table.PreviousSchemaVersion} → v{table.SchemaVersion}",
        { SchemaVersion: { } version } => $"v{version}",
        _ => string.Empty,
    };

    private static string Error(TableError error)
        => error.DapUuid is { } uuid ? $"{error.Kind.Name()}: {error.Message} (DAP error id {uuid})" : $"{error.Kind.Name()}: {error.Message}";
}
