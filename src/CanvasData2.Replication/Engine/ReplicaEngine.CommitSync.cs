using System.Text.Json;
using CanvasData2.Model;
using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Migration;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    public async Task<CommitResult> CommitSyncAsync(StagingTarget target, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await CommitSyncOnceAsync(connection, target, since, until, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.NotNullViolation)
            {
                throw await MissingValues.DescribeAsync(connection, target, _models, e, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, target.Table, $"Applying incremental job {target.JobId}");
        }
    }

    private async Task<CommitResult> CommitSyncOnceAsync(NpgsqlConnection connection, StagingTarget target, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UseBulkSettingsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var (job, refusal) = await LockJobForCommitAsync(connection, transaction, target, StagingKind.Changes, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return refusal!;
        }

        var table = target.Table;
        var meta = await TableSyncRow.ReadAsync(connection, transaction, table, forUpdate: true, cancellationToken).ConfigureAwait(false);
        if (meta is null || meta.Timestamp != TruncateToMicroseconds(since))
        {
            var says = meta is null ? "no table_sync row" : $"table_sync says {meta.Timestamp:O}";
            return new CommitResult(CommitOutcome.Stale, Detail: $"the job starts at {since:O} but {says}");
        }

        var model = _models.Of(job);
        IReadOnlyList<string> changes = [];
        if (model.SchemaVersion != meta.SchemaVersion)
        {
            var migration = await SchemaMigrator.MigrateAsync(connection, model, PreviousModel(table, meta), cancellationToken).ConfigureAwait(false);
            if (migration.ReinitNeeded)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new CommitResult(CommitOutcome.ReinitNeeded, PreviousSchemaVersion: meta.SchemaVersion, SchemaVersion: model.SchemaVersion, Detail: migration.ReinitNeededReason);
            }

            changes = migration.Changes;
        }

        if (await StagingIntegrity.ShortfallAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false) is { } shortfall)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            await DiscardStagingAsync(target, cancellationToken).ConfigureAwait(false);
            LogStagingLost(table, target.JobId, shortfall);
            return new CommitResult(CommitOutcome.StagingLost, Detail: $"Table {table}: {shortfall}; nothing was published and the job's staging was discarded, load it again.");
        }

        // The grouping of the de-duplication spills to disk at the server's default work_mem (4 MB) with a few
        // hundred thousand change rows; this transaction may use more.
        await ExecuteAsync(connection, transaction, $"SET LOCAL work_mem = '{Math.Max(1, _options.MergeWorkMemMb)}MB'", cancellationToken).ConfigureAwait(false);
        var superseded = await JobLedger.KeyFingerprintsAsync(connection, transaction, target, KeyFingerprints.MaxJobBytes, cancellationToken).ConfigureAwait(false) is { } fingerprints
            ? KeyFingerprints.Superseded(fingerprints, KeyFingerprints.IsExact(model))
            : null;
        if (superseded is null)
        {
            await ExecuteAsync(connection, transaction, StagingSql.Deduplicate(model, job.StagingTable), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            LogKeysFingerprinted(table, target.JobId, superseded.Length);
        }

        // One index probe per change row, so the merge costs what the job holds: with a larger work_mem the planner
        // may hash the whole live table instead, which reads every page (and on a table just loaded, sets every
        // page's hint bits: a 1M-row sync took 11 s instead of 6).
        await ExecuteAsync(connection, transaction, "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", cancellationToken).ConfigureAwait(false);
        var before = await TupleCounts.ReadAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
        await using (var merge = new NpgsqlCommand(StagingSql.Merge(model, job.StagingTable, leaveOut: superseded is { Length: > 0 }), connection, transaction))
        {
            if (superseded is { Length: > 0 })
            {
                merge.Parameters.AddWithValue(superseded);
            }

            await merge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var (upserted, deleted) = await TupleCounts.ReadAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false) - before;

        // Retention runs with the first sync of each (UTC) day: one set-based delete a day per windowed table.
        if (_options.WindowedNamespaces.Contains(table.Namespace) && RetentionCutoff() is { } cutoff && until.UtcDateTime.Date != meta.Timestamp.UtcDateTime.Date
            && await WindowedHistory.ExpireAsync(connection, transaction, model, cutoff, cancellationToken).ConfigureAwait(false) is { } expired)
        {
            LogExpired(table, expired, cutoff);
        }

        await TableSyncRow.WriteAsync(connection, transaction, table, until, model.SchemaVersion, model.SchemaDescription, cancellationToken).ConfigureAwait(false);
        await OfficialBookkeeping.WriteVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await JobLedger.MarkCommittedAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"DROP TABLE {Identifiers.Qualified(JobLedger.Schema, job.StagingTable)}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _models.Forget(target);
        LogCommitted(table, target.JobId, CommitOutcome.Committed, upserted, deleted);
        return new CommitResult(CommitOutcome.Committed, upserted, deleted, meta.SchemaVersion, model.SchemaVersion, changes);
    }

    /// <summary>
    /// The schema the table was last synced with (from table_sync), so the migrator can tell a column DAP removed
    /// from one a user added; null when it cannot be read (then extra columns are kept).
    /// </summary>
    private static TableModel? PreviousModel(TableName table, TableSyncRow meta)
    {
        try
        {
            using var document = JsonDocument.Parse(meta.SchemaDescription);
            return SchemaCompiler.Compile(table, new TableSchema(document.RootElement.Clone(), meta.SchemaVersion));
        }
        catch (Exception e) when (e is JsonException or ReplicationException)
        {
            return null;
        }
    }

    /// <summary>PostgreSQL keeps microseconds: compare the job's start the way the database stored it.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) => value.AddTicks(-(value.UtcTicks % 10));
}
