using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    public async Task<ObjectLoadResult> LoadObjectAsync(StagingTarget target, string objectId, int ordinal, Stream tsv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentNullException.ThrowIfNull(tsv);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var job = await JobLedger.FindAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false)
                ?? throw new ReplicationException($"Table {target.Table}: job {target.JobId} has no staging area; prepare it first.", target.Table);
            if (job.Committed)
            {
                return new ObjectLoadResult(objectId, 0, AlreadyLoaded: true);
            }

            if (!await JobLedger.ClaimObjectAsync(connection, transaction, target, objectId, cancellationToken).ConfigureAwait(false))
            {
                var (loaded, truncatedBefore) = await JobLedger.ObjectRowsAsync(connection, transaction, target, objectId, cancellationToken).ConfigureAwait(false);
                return new ObjectLoadResult(objectId, loaded, AlreadyLoaded: true, truncatedBefore);
            }

            var (rows, keyFingerprints, truncated) = await CopyIntoStagingAsync(
                connection, transaction, job, objectId, TsvCopyPlan.OrderBase(ordinal), tsv, cancellationToken).ConfigureAwait(false);
            await JobLedger.SetObjectRowsAsync(connection, transaction, target, objectId, rows, truncated, cancellationToken).ConfigureAwait(false);
            if (job.Target.Kind == StagingKind.Changes && rows > 0)
            {
                await JobLedger.StageObjectAsync(connection, transaction, target, objectId, keyFingerprints, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogObjectLoaded(target.Table, target.JobId, objectId, rows);
            return new ObjectLoadResult(objectId, rows, AlreadyLoaded: false, truncated);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, target.Table, $"Loading object {objectId} of job {target.JobId}");
        }
    }

    /// <summary>Copies the object's rows into the staging table; returns their count, key fingerprints (null when none) and truncated values.</summary>
    private async Task<(long Rows, byte[]? KeyFingerprints, long TruncatedValues)> CopyIntoStagingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, string objectId, long orderBase, Stream tsv, CancellationToken cancellationToken)
    {
        using var loader = await TsvCopyLoader.OpenAsync(tsv, job.Target.Table, objectId, _options.MaxLineBytes, _loadBudget, cancellationToken).ConfigureAwait(false);
        if (loader.Header.Count == 0)
        {
            // No rows, no keys: nothing this object could repeat.
            return (0, [], 0);
        }

        var plan = TsvCopyPlanner.Build(_models.Of(job), loader.Header, job.Target.Kind);
        var staging = Identifiers.Qualified(JobLedger.Schema, job.StagingTable);
        var columns = string.Join(", ", plan.CopyColumns.Append(TsvCopyPlan.OrderColumn).Select(Identifiers.Quote));
        var before = await InsertedCountAsync(connection, transaction, staging, cancellationToken).ConfigureAwait(false);
        long rows;
        var writer = (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync($"COPY {staging} ({columns}) FROM STDIN (FORMAT text)", cancellationToken).ConfigureAwait(false);
        try
        {
            // Npgsql's text importer is a StreamWriter over the raw COPY stream: the TSV bytes go to that stream
            // directly, skipping a UTF-8 → UTF-16 → UTF-8 round trip (raw COPY itself only accepts binary format).
            rows = await loader.CopyRowsAsync(plan, writer.BaseStream, orderBase, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbandonCopyAsync(writer).ConfigureAwait(false);
            throw;
        }

        // Completing the COPY is where PostgreSQL reports most bad values.
        await writer.DisposeAsync().ConfigureAwait(false);
        await CheckRowCountAsync(connection, transaction, job, staging, before, rows, cancellationToken).ConfigureAwait(false);
        return (rows, loader.KeyFingerprintBytes(), loader.TruncatedValues);
    }

    /// <summary>Cancels a COPY that failed on our side or the server's (the transaction is rolled back by the caller).</summary>
    private static async Task AbandonCopyAsync(NpgsqlCopyTextWriter writer)
    {
        try
        {
            await writer.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException)
        {
            // The server already ended the COPY: nothing to cancel.
        }

        try
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException)
        {
            // Same: the original error is what matters.
        }
    }

    /// <summary>
    /// COPY must have stored exactly the rows read. The text COPY API does not report its count; the table's
    /// insert counter of this backend does (read before and after: it may still hold earlier transactions' counts).
    /// </summary>
    private static async Task CheckRowCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, string staging, long? before, long rows, CancellationToken cancellationToken)
    {
        var after = await InsertedCountAsync(connection, transaction, staging, cancellationToken).ConfigureAwait(false);
        if (before is { } start && after is { } end && end - start != rows)
        {
            throw new ReplicationException(
                $"Table {job.Target.Table}: COPY stored {end - start} rows but the object has {rows}; nothing of the object was kept.", job.Target.Table);
        }
    }

    /// <summary>Rows this backend inserted into the table so far; null when statistics are off.</summary>
    private static async Task<long?> InsertedCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string staging, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN current_setting('track_counts')::bool THEN pg_stat_get_xact_tuples_inserted($1::regclass) END", connection, transaction);
        command.Parameters.AddWithValue(staging);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long count ? count : null;
    }
}
