namespace CanvasData2.Replication;

/// <summary>What a table needs next.</summary>
public abstract record TablePlan;

/// <summary>No meta row (or no table): a snapshot must be loaded first.</summary>
public sealed record InitNeeded(string Reason) : TablePlan;

/// <summary>Replicated up to <see cref="Since"/> (UTC) with <see cref="SchemaVersion"/>: an incremental query follows.</summary>
public sealed record SyncFrom(DateTimeOffset Since, long SchemaVersion) : TablePlan;
