using CanvasData2.Model;

namespace CanvasData2.Replication;

/// <summary>
/// Result of loading one object into staging; <see cref="TruncatedValues"/> counts the values DAP replaced by its
/// placeholder for oversized values (<see cref="DapValues.OversizedTruncated"/>).
/// </summary>
public sealed record ObjectLoadResult(string ObjectId, long Rows, bool AlreadyLoaded, long TruncatedValues = 0);

/// <summary>How a commit ended. Only <see cref="Committed"/> and <see cref="AlreadyCommitted"/> changed (or had changed) the replica.</summary>
public enum CommitOutcome
{
    /// <summary>Published in one transaction.</summary>
    Committed,

    /// <summary>This job was already published (a repeated commit): nothing done.</summary>
    AlreadyCommitted,

    /// <summary>The schema change cannot be applied in place; the table is as it was and needs a new init.</summary>
    ReinitNeeded,

    /// <summary>Another sync holds the table's lock; nothing done.</summary>
    Busy,

    /// <summary>The meta row no longer says what the job started from (another tool synced meanwhile); nothing done.</summary>
    Stale,

    /// <summary>
    /// The staging table no longer holds every row the ledger says was loaded (a database crash resets unlogged
    /// tables); nothing was published, the job's staging and ledger entries were discarded: load it again.
    /// </summary>
    StagingLost,
}

/// <summary>Result of a commit, with what it changed.</summary>
/// <remarks>
/// <see cref="RowsKept"/> is set when a snapshot of a windowed namespace replaced a table: the rows of the replaced
/// table it no longer had, kept.
/// </remarks>
public sealed record CommitResult(
    CommitOutcome Outcome,
    long RowsUpserted = 0,
    long RowsDeleted = 0,
    long? PreviousSchemaVersion = null,
    long? SchemaVersion = null,
    IReadOnlyList<string>? SchemaChanges = null,
    string? Detail = null,
    long? RowsKept = null);

/// <summary>Result of a drop; views that depended on the table and were dropped with it are named.</summary>
public sealed record DropResult(bool Dropped, IReadOnlyList<string> DroppedViews);

/// <summary>
/// One replicated table as the meta row and the table describe it, with the latest run that worked on it and when
/// it last succeeded (null before any run recorded them).
/// </summary>
public sealed record TableStatus(TableName Table, long SchemaVersion, DateTimeOffset LastSync, long? RowCount, TableRunRecord? LastRun = null, DateTimeOffset? LastSuccess = null);

/// <summary>
/// What one run did to one table, kept in the database so that <c>cd2 status</c> can say why a table is stale:
/// <see cref="Outcome"/> (<c>complete</c>, <c>initialized</c>, <c>reinitialized</c>, <c>failed</c>), and for a failure
/// its error kind and message, and how many values DAP had truncated in the data the run loaded.
/// </summary>
public sealed record TableRunRecord(
    TableName Table, string RunId, string Outcome, DateTimeOffset FinishedAt, long RowsChanged, long Seconds, string? ErrorKind = null, string? Error = null,
    long TruncatedValues = 0)
{
    public bool Succeeded => Outcome != "failed";
}
