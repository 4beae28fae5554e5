using CanvasData2.Model;

namespace CanvasData2.Orchestration;

/// <summary>
/// Output of <see cref="RefreshOrchestrator"/>: one result per table, in namespace and name order;
/// <see cref="RunId"/> is the run's instance id (see <see cref="RefreshRunId"/>).
/// </summary>
public sealed record RunSummary(
    DateTime StartedAtUtc,
    DateTime FinishedAtUtc,
    IReadOnlyList<TableResult> Tables,
    TableError? Error = null,
    string? RunId = null)
{
    public int Failed => Tables.Count(t => t.Outcome == TableOutcome.Failed);

    /// <summary>True when the run itself and every table succeeded (skipped tables count as success).</summary>
    public bool Succeeded => Error is null && Failed == 0;
}

/// <summary>What happened to one table in a refresh.</summary>
public enum TableOutcome
{
    /// <summary>"complete": incremental changes applied.</summary>
    Complete,

    /// <summary>"initialized": the table had no replica yet and was loaded from a snapshot.</summary>
    Initialized,

    /// <summary>
    /// "reinitialized": a sync was refused (snapshot required, schema change needs reinit), or the run asked for a
    /// re-init (<see cref="RefreshRequest.Reinit"/>), and a snapshot replaced the table.
    /// </summary>
    Reinitialized,

    /// <summary>"failed": see <see cref="TableResult.Error"/>; the replica of this table is as it was.</summary>
    Failed,

    /// <summary>"skipped": excluded by the skip list.</summary>
    Skipped,
}

/// <summary>
/// The result of one table; <see cref="Duration"/> is measured in orchestration time. <see cref="RowsKept"/> is set
/// when a snapshot of a windowed namespace (canvas_logs) replaced the table and merged into it: the older rows kept.
/// <see cref="TruncatedValues"/> counts the values DAP replaced by its placeholder for oversized values in the data
/// published (<see cref="DapValues.OversizedTruncated"/>).
/// </summary>
public sealed record TableResult(
    string Namespace,
    string Table,
    TableOutcome Outcome,
    long RowsUpserted = 0,
    long RowsDeleted = 0,
    long? PreviousSchemaVersion = null,
    long? SchemaVersion = null,
    TimeSpan Duration = default,
    TableError? Error = null,
    long? RowsKept = null,
    long TruncatedValues = 0)
{
    public bool SchemaChanged => PreviousSchemaVersion is not null && SchemaVersion is not null && PreviousSchemaVersion != SchemaVersion;
}

/// <summary>
/// A failure as data: <see cref="Kind"/> is one of the closed set <see cref="TableErrorKind"/>,
/// <see cref="DapUuid"/> is what Instructure support asks for. Never holds a secret.
/// </summary>
public sealed record TableError(TableErrorKind Kind, string Message, string? DapErrorType = null, string? DapUuid = null);

/// <summary>Custom status of a running refresh.</summary>
public sealed record RefreshProgress(int Done, int Total, int Failed, IReadOnlyList<string> FailedTables);
