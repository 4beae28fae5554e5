using CanvasData2.Model;
using CanvasData2.Replication.Access;
using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Migration;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    public async Task<CommitResult> CommitInitAsync(StagingTarget target, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await CommitInitOnceAsync(connection, target, at, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Snapshots of some tables (canvas_logs.web_logs) repeat keys: keep the last row of each, then publish.
                LogDuplicateKeys(target.Table, target.JobId);
                await DeduplicateStagingAsync(connection, target, cancellationToken).ConfigureAwait(false);
                return await CommitInitOnceAsync(connection, target, at, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, target.Table, $"Publishing snapshot job {target.JobId}");
        }
    }

    private async Task<CommitResult> CommitInitOnceAsync(NpgsqlConnection connection, StagingTarget target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UseBulkSettingsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var (job, refusal) = await LockJobForCommitAsync(connection, transaction, target, StagingKind.Snapshot, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return refusal!;
        }

        var model = _models.Of(job);
        var table = target.Table;
        var previous = await TableSyncRow.ReadAsync(connection, transaction, table, forUpdate: true, cancellationToken).ConfigureAwait(false);

        // The slow part (the primary key index) happens on the staging table, before the live table is locked.
        await DdlBuilder.AddPrimaryKeyAsync(connection, model, JobLedger.Schema, job.StagingTable, job.StagingTable, cancellationToken).ConfigureAwait(false);

        // The order column served the de-duplication only. Dropping it is a catalog change (the values stay on disk
        // until the table is rewritten; no query sees them). The live table is autovacuumed again.
        await ExecuteAsync(
            connection,
            transaction,
            $"ALTER TABLE {Identifiers.Qualified(JobLedger.Schema, job.StagingTable)} DROP COLUMN {Identifiers.Quote(TsvCopyPlan.OrderColumn)}, {StagingSql.AutovacuumReset}",
            cancellationToken).ConfigureAwait(false);

        var rowsKept = _options.WindowedNamespaces.Contains(table.Namespace)
            ? await WindowedHistory.KeepAsync(connection, transaction, model, JobLedger.Schema, job.StagingTable, RetentionCutoff(), cancellationToken).ConfigureAwait(false)
            : null;
        var views = await DependentViews.SaveAndDropAsync(connection, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false);
        var replaced = await RelationAccess.ReadTableAsync(connection, transaction, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false);
        var live = Identifiers.Qualified(table.Namespace, table.Table);
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {live}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            ALTER TABLE {Identifiers.Qualified(JobLedger.Schema, job.StagingTable)} SET SCHEMA {Identifiers.Quote(table.Namespace)};
            ALTER TABLE {Identifiers.Qualified(table.Namespace, job.StagingTable)} RENAME TO {Identifiers.Quote(table.Table)};
            ALTER TABLE {live} RENAME CONSTRAINT {Identifiers.Quote(DdlBuilder.PrimaryKeyName(job.StagingTable))} TO {Identifiers.Quote(DdlBuilder.PrimaryKeyName(table.Table))};
            """,
            cancellationToken).ConfigureAwait(false);
        await views.RestoreAsync(connection, cancellationToken).ConfigureAwait(false);
        if (replaced is { } kept)
        {
            await KeepAccessAsync(connection, transaction, live, kept.Access, UserComment(kept.Comment, model, table, previous), cancellationToken).ConfigureAwait(false);
        }

        if (_options.Readers.Count > 0)
        {
            // A table (or namespace) new in this run is readable the moment it is published.
            await ExecuteAsync(connection, transaction, ReaderGrants.GrantTableSql(_options.Readers, table.Namespace, live), cancellationToken).ConfigureAwait(false);
        }

        await TableSyncRow.WriteAsync(connection, transaction, table, at, model.SchemaVersion, model.SchemaDescription, cancellationToken).ConfigureAwait(false);
        await OfficialBookkeeping.WriteVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await JobLedger.MarkCommittedAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _models.Forget(target);

        // No ANALYZE here: building the primary key already set the table's row estimate, and autovacuum analyzes
        // a freshly loaded table on its own; a synchronous ANALYZE cost the init about a third of its COPY time.
        LogCommitted(table, target.JobId, CommitOutcome.Committed, 0, 0);
        if (rowsKept is { } rows)
        {
            LogRowsKept(table, target.JobId, rows);
        }

        return new CommitResult(CommitOutcome.Committed, PreviousSchemaVersion: previous?.SchemaVersion, SchemaVersion: model.SchemaVersion, RowsKept: rowsKept);
    }

    /// <summary>
    /// Gives the swapped-in table the grants, owner and user's comment of the table it replaced: a re-init (schema
    /// change, reinit_needed, snapshot required) must not revoke what users were given.
    /// </summary>
    private static async Task KeepAccessAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string live, RelationAccess access, string? comment, CancellationToken cancellationToken)
    {
        var currentUser = await RelationAccess.CurrentUserAsync(connection, cancellationToken).ConfigureAwait(false);
        var sql = (comment is null ? string.Empty : DdlSpelling.CommentOn($"TABLE {live}", comment) + "\n") + access.RestoreSql("TABLE", live, currentUser);
        if (sql.Length > 0)
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The replaced table's comment when a user wrote it: not the schema's description of the previous version
    /// (the new version's own description, set on the new table, then stands).
    /// </summary>
    private static string? UserComment(string? comment, TableModel model, TableName table, TableSyncRow? previous)
        => comment is null || comment == model.Comment || (previous is not null && comment == PreviousModel(table, previous)?.Comment) ? null : comment;

    /// <summary>
    /// The start every commit shares, inside its transaction: the table's commit lock (else Busy), then the job
    /// (else AlreadyCommitted when it was published before). Exactly one of the two results is set.
    /// </summary>
    private async Task<(StagingJob? Job, CommitResult? Refusal)> LockJobForCommitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, StagingKind kind, CancellationToken cancellationToken)
    {
        if (!await TableLock.TryAcquireAsync(connection, transaction, TableLock.KeyOf("commit", target.Table), _options.LockWait, cancellationToken).ConfigureAwait(false))
        {
            return (null, new CommitResult(CommitOutcome.Busy, Detail: $"another commit of {target.Table} held the lock for {_options.LockWait}"));
        }

        var job = await RequireJobAsync(connection, transaction, target, kind, cancellationToken).ConfigureAwait(false);
        return job.Committed ? (null, new CommitResult(CommitOutcome.AlreadyCommitted)) : (job, null);
    }

    private static async Task<StagingJob> RequireJobAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, StagingKind kind, CancellationToken cancellationToken)
    {
        var job = await JobLedger.FindAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false)
            ?? throw new ReplicationException($"Table {target.Table}: job {target.JobId} has no staging area; prepare and load it first.", target.Table);
        if (job.Target.Kind != kind)
        {
            throw new ReplicationException($"Table {target.Table}: job {target.JobId} was staged as {job.Target.Kind}, not {kind}.", target.Table);
        }

        return job;
    }

    /// <summary>Keeps the last row of each key, by job order (in its own transaction: harmless to repeat).</summary>
    private async Task DeduplicateStagingAsync(NpgsqlConnection connection, StagingTarget target, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UseBulkSettingsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var job = await RequireJobAsync(connection, transaction, target, target.Kind, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, StagingSql.Deduplicate(_models.Of(job), job.StagingTable), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

}
