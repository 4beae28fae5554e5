using CanvasData2.Replication;

namespace CanvasData2.Orchestration;

/// <summary>One table of a namespace.</summary>
public sealed record TableRef(string Namespace, string Table)
{
    public TableName ToTableName() => new(Namespace, Table);

    public override string ToString() => $"{Namespace}.{Table}";
}

/// <summary>The staging area of one job (mirrors <see cref="StagingTarget"/>, kept flat for history).</summary>
public sealed record StagingRef(string Namespace, string Table, string JobId, StagingKind Kind)
{
    public StagingTarget ToTarget() => new(new TableName(Namespace, Table), JobId, Kind);
}

/// <summary>Outcome of an activity that returns nothing else.</summary>
public sealed record StepResult(TableError? Failure = null);

public sealed record ListTablesInput(string Namespace, IReadOnlyList<string>? IncludeTables, IReadOnlyList<string>? SkipTables);

/// <summary>Tables to refresh, tables skipped by the skip list, and included names DAP does not know.</summary>
public sealed record TableListing(
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Missing,
    TableError? Failure = null);

public enum PlanKind
{
    InitNeeded,
    SyncFrom,
    Failed,
}

public sealed record PlanResult(PlanKind Kind, DateTimeOffset? Since = null, long? SchemaVersion = null, string? Reason = null, TableError? Failure = null);

public sealed record StartQueryInput(string Namespace, string Table, DateTimeOffset? Since);

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

/// <summary>A DAP job as the orchestrator needs it: ids and timestamps, never data.</summary>
public sealed record JobState(
    JobStateKind Kind,
    string? JobId = null,
    IReadOnlyList<string>? ObjectIds = null,
    long? SchemaVersion = null,
    DateTimeOffset? At = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    double? RetryAfterSeconds = null,
    TableError? Failure = null);

public sealed record PrepareStagingInput(StagingRef Staging, long? JobSchemaVersion);

public enum PrepareKind
{
    Ready,

    /// <summary>The table's schema changed after the job was created: its data do not match; query again.</summary>
    SchemaChanged,
    Failed,
}

public sealed record PrepareResult(PrepareKind Kind, long? SchemaVersion = null, TableError? Failure = null);

/// <summary>One object of a job; <see cref="Ordinal"/> is its position in the job's list (a repeated key's later row wins).</summary>
public sealed record LoadObjectInput(StagingRef Staging, string ObjectId, int Ordinal);

public sealed record LoadResult(long Rows, bool AlreadyLoaded, TableError? Failure = null);

/// <summary>Commit a snapshot (<see cref="Since"/> null, <see cref="Until"/> = the snapshot's <c>at</c>) or changes.</summary>
public sealed record CommitInput(StagingRef Staging, DateTimeOffset? Since, DateTimeOffset Until);

public sealed record CommitStep(
    CommitOutcome? Outcome,
    long RowsUpserted = 0,
    long RowsDeleted = 0,
    long? PreviousSchemaVersion = null,
    long? SchemaVersion = null,
    string? Detail = null,
    TableError? Failure = null);
