using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration;

/// <summary>
/// One event per table of a run (Information, event id 3011), logged with the run summary: what the health
/// workbook charts per table (freshness, rows changed, duration, latest error). Every field is a named property.
/// </summary>
public static partial class TableResultLog
{
    /// <summary>The message template (the workbook finds the events by its opening words).</summary>
    public const string Template =
        "Refresh table result {RunId} {Table}: {Outcome}, {Upserted} upserted, {Deleted} deleted, schema {SchemaVersion}, {Seconds} s, error {ErrorKind}: {Error}";

    public const int EventId = 3011;

    public static void Write(ILogger logger, string runId, TableResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = $"{result.Namespace}.{result.Table}";
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        var schemaVersion = result.SchemaVersion?.ToString(CultureInfo.InvariantCulture) ?? RunSummaryEvent.None;
        var seconds = (long)Math.Round(result.Duration.TotalSeconds);
        var errorKind = result.Error?.Kind.Name() ?? RunSummaryEvent.None;
        var error = result.Error?.Message ?? RunSummaryEvent.None;
        Log(logger, runId, table, outcome, result.RowsUpserted, result.RowsDeleted, schemaVersion, seconds, errorKind, error);
    }

    [LoggerMessage(EventId = EventId, EventName = "RefreshTableResult", Level = LogLevel.Information, Message = Template)]
    private static partial void Log(
        ILogger logger, string runId, string table, string outcome, long upserted, long deleted, string schemaVersion, long seconds, string errorKind, string error);
}
