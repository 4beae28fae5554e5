using CanvasData2.Model;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration;

/// <summary>Outcome of an activity that returns nothing else.</summary>
public sealed record StepResult(TableError? Failure = null);

public sealed record ListTablesInput(string Namespace, IReadOnlyList<string>? IncludeTables, IReadOnlyList<string>? SkipTables);

/// <summary>
/// Tables to refresh, tables skipped by the skip list, included names DAP does not know, and names DAP listed
/// that fail <see cref="Dap.DapNames.NamePattern"/> (never queried nor stored).
/// </summary>
public sealed record TableListing(
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Missing,
    TableError? Failure = null,
    IReadOnlyList<string>? Invalid = null);

public enum PlanKind
{
    InitNeeded,
    SyncFrom,
    Failed,
}

public sealed record PlanResult(PlanKind Kind, DateTimeOffset? Since = null, long? SchemaVersion = null, string? Reason = null, TableError? Failure = null);

public sealed record StartQueryInput(TableName Table, DateTimeOffset? Since);

public enum JobStateKind
{
    /// <summary>Waiting or running: poll again.</summary>
    Pending,
    Complete,

    /// <summary>DAP refused an incremental query: the table needs a snapshot.</summary>
    SnapshotRequired,

    /// <summary>Rate limited: wait <see cref="JobState.RetryAfterSeconds"/> and try again.</summary>
    RetryAfter,
    Failed,
}

/// <summary>
/// A DAP job as the orchestrator needs it: ids and timestamps, never data. Past <see cref="ExpiresAt"/> DAP has
/// dropped the job's objects: such a job is never loaded.
/// </summary>
public sealed record JobState(
    JobStateKind Kind,
    string? JobId = null,
    IReadOnlyList<string>? ObjectIds = null,
    long? SchemaVersion = null,
    DateTimeOffset? At = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    double? RetryAfterSeconds = null,
    TableError? Failure = null,
    DateTimeOffset? ExpiresAt = null);

public sealed record PrepareStagingInput(StagingTarget Staging, long? JobSchemaVersion);

public enum PrepareKind
{
    Ready,

    /// <summary>The table's schema changed after the job was created: its data do not match; query again.</summary>
    SchemaChanged,
    Failed,
}

public sealed record PrepareResult(PrepareKind Kind, long? SchemaVersion = null, TableError? Failure = null);

/// <summary>One object of a job; <see cref="Ordinal"/> is its position in the job's list (a repeated key's later row wins).</summary>
public sealed record LoadObjectInput(StagingTarget Staging, string ObjectId, int Ordinal);

/// <summary>What one object load did; <see cref="TruncatedValues"/> counts the values DAP truncated in it.</summary>
public sealed record LoadObjectOutput(long Rows, bool AlreadyLoaded, TableError? Failure = null, long TruncatedValues = 0);

/// <summary>Commit a snapshot (<see cref="Since"/> null, <see cref="Until"/> = the snapshot's <c>at</c>) or changes.</summary>
public sealed record CommitInput(StagingTarget Staging, DateTimeOffset? Since, DateTimeOffset Until);

public sealed record CommitOutput(
    CommitOutcome? Outcome,
    long RowsUpserted = 0,
    long RowsDeleted = 0,
    long? PreviousSchemaVersion = null,
    long? SchemaVersion = null,
    string? Detail = null,
    TableError? Failure = null,
    long? RowsKept = null);

/// <summary>What a run did to its tables, recorded at its end (<see cref="Activities.RecordRunActivity"/>).</summary>
public sealed record RecordRunInput(string RunId, DateTime FinishedAtUtc, IReadOnlyList<TableResult> Tables);
