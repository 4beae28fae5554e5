using System.Globalization;

namespace CanvasData2.Orchestration;

/// <summary>
/// The one structured event a refresh run logs when it ends (event id 3010, <see cref="RunSummaryLog"/>): what the
/// alert rules and users' own queries look for, the same line on Azure and from <c>cd2 refresh</c>.
/// <see cref="Outcome"/> is <c>succeeded</c>, <c>tables_failed</c> (the run finished, some tables failed) or
/// <c>run_failed</c> (the run itself could not finish: bookkeeping, or the orchestrator broke).
/// <see cref="FailedTables"/> is <c>ns.table=kind</c> pairs, comma-separated, or <c>none</c>.
/// </summary>
public sealed record RunSummaryEvent(
    string RunId,
    string Trigger,
    string Outcome,
    int Tables,
    int Failed,
    int Skipped,
    string FailedTables,
    string RunError,
    long Seconds)
{
    public const string Succeeded = "succeeded";
    public const string TablesFailed = "tables_failed";
    public const string RunFailed = "run_failed";
    public const string None = "none";

    /// <summary>The line as rendered by the log message template (<see cref="RunSummaryLog.Template"/>).</summary>
    public string Line => string.Format(
        CultureInfo.InvariantCulture,
        "Refresh run summary {0}: {1}, trigger {2}, {3} tables, {4} failed, {5} skipped, failed tables: {6}, run error: {7}, {8} s",
        RunId, Outcome, Trigger, Tables, Failed, Skipped, FailedTables, RunError, Seconds);

    public static RunSummaryEvent From(string runId, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var failed = summary.Tables.Where(t => t.Outcome == TableOutcome.Failed)
            .Select(t => $"{t.Namespace}.{t.Table}={t.Error?.Kind.Name() ?? "unknown"}")
            .ToList();
        var outcome = summary.Error is not null ? RunFailed : failed.Count > 0 ? TablesFailed : Succeeded;
        return new RunSummaryEvent(
            runId,
            TriggerOf(runId),
            outcome,
            summary.Tables.Count,
            failed.Count,
            summary.Tables.Count(t => t.Outcome == TableOutcome.Skipped),
            failed.Count > 0 ? string.Join(',', failed) : None,
            summary.Error?.Kind.Name() ?? None,
            (long)Math.Round((summary.FinishedAtUtc - summary.StartedAtUtc).TotalSeconds));
    }

    /// <summary>A run whose orchestrator broke before it had a summary.</summary>
    public static RunSummaryEvent Broken(string runId, TimeSpan elapsed, TableErrorKind errorKind)
        => new(runId, TriggerOf(runId), RunFailed, 0, 0, 0, None, errorKind.Name(), (long)Math.Round(elapsed.TotalSeconds));

    private static string TriggerOf(string runId)
        => RefreshRunId.TryParse(runId, out var id) ? id.TriggerName : "unknown";
}
