using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration;

/// <summary>Logs <see cref="RunSummaryEvent"/>: once per run, Information, event id 3010, every field a named property.</summary>
public static partial class RunSummaryLog
{
    /// <summary>The message template; <see cref="RunSummaryEvent.Line"/> renders the same text.</summary>
    public const string Template =
        "Refresh run summary {RunId}: {Outcome}, trigger {Trigger}, {Tables} tables, {Failed} failed, {Skipped} skipped, failed tables: {FailedTables}, run error: {RunError}, {Seconds} s";

    public const int EventId = 3010;

    public static void Write(ILogger logger, RunSummaryEvent summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Log(logger, summary.RunId, summary.Outcome, summary.Trigger, summary.Tables, summary.Failed, summary.Skipped, summary.FailedTables, summary.RunError, summary.Seconds);
    }

    [LoggerMessage(EventId = EventId, EventName = "RefreshRunSummary", Level = LogLevel.Information, Message = Template)]
    private static partial void Log(
        ILogger logger, string runId, string outcome, string trigger, int tables, int failed, int skipped, string failedTables, string runError, long seconds);
}
