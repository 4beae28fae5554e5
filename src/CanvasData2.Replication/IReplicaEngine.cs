using CanvasData2.Model;

namespace CanvasData2.Replication;

/// <summary>
/// The PostgreSQL replica of DAP tables, laid out exactly as Instructure's official <c>dap</c> client lays it
/// out (schema per namespace, <c>instructure_dap.table_sync</c>). Every method is short, idempotent and safe
/// to repeat after a crash: data is staged per job, and only a commit publishes it, in one transaction.
/// </summary>
public interface IReplicaEngine
{
    /// <summary>Creates the bookkeeping schema and tables if missing (idempotent; adopts official-client and 0.3.x layouts).</summary>
    Task EnsureBookkeepingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives <see cref="ReplicaOptions.Readers"/> read access to everything replicated (making missing Entra
    /// principals) and revokes it from readers no longer listed; at the start of every run.
    /// </summary>
    Task GrantReadersAsync(CancellationToken cancellationToken = default);

    /// <summary>What the table needs next: <see cref="InitNeeded"/> when it has no meta row, else a sync from its timestamp.</summary>
    Task<TablePlan> PlanAsync(TableName table, CancellationToken cancellationToken = default);

    /// <summary>Creates (or finds) the staging area of one job and records the schema its data use.</summary>
    Task PrepareStagingAsync(StagingTarget target, TableSchema schema, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams one decompressed TSV object of the job into its staging area. Loading an object that is
    /// already loaded is a no-op; a failure leaves nothing of the object behind. <paramref name="ordinal"/> is the
    /// object's position in the job's list: when a key repeats within the job, the row of the later object wins,
    /// and within one object the later line (the order the official client applies them in).
    /// </summary>
    Task<ObjectLoadResult> LoadObjectAsync(StagingTarget target, string objectId, int ordinal, Stream tsv, CancellationToken cancellationToken = default);

    /// <summary>Publishes a snapshot: swaps the staged table in and writes the meta row (timestamp = <paramref name="at"/>), atomically.</summary>
    Task<CommitResult> CommitInitAsync(StagingTarget target, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies staged changes: migrates the schema if its version changed, upserts, deletes and advances the
    /// meta row from <paramref name="since"/> to <paramref name="until"/>, in one transaction.
    /// </summary>
    Task<CommitResult> CommitSyncAsync(StagingTarget target, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Removes a job's staging area (after a commit, or to abandon a job).</summary>
    Task DiscardStagingAsync(StagingTarget target, CancellationToken cancellationToken = default);

    /// <summary>Drops the table, its enum types and its meta row in one transaction.</summary>
    Task<DropResult> DropAsync(TableName table, CancellationToken cancellationToken = default);

    /// <summary>Records what a run did to each table (the latest run per table, and its last success), for the status.</summary>
    Task RecordRunAsync(IReadOnlyList<TableRunRecord> runs, CancellationToken cancellationToken = default);

    /// <summary>Replicated tables with schema version, last sync time, row count and latest run (optionally one namespace).</summary>
    Task<IReadOnlyList<TableStatus>> GetStatusAsync(string? ns = null, CancellationToken cancellationToken = default);
}
