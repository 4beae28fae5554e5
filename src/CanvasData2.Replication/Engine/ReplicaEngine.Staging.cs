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
    public async Task PrepareStagingAsync(StagingTarget target, TableSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(schema);
        var model = SchemaCompiler.Compile(target.Table, schema);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureBookkeepingAsync(connection, cancellationToken).ConfigureAwait(false);

            // ADD VALUE must be committed before a COPY can use the label, so it runs in its own transaction.
            await SchemaMigrator.AddMissingEnumLabelsAsync(connection, model, cancellationToken).ConfigureAwait(false);

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                gate.Parameters.AddWithValue(TableLock.KeyOf("staging/" + target.JobId, target.Table));
                await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var existing = await JobLedger.FindAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (!existing.Committed && existing.SchemaVersion != schema.Version)
                {
                    throw new ReplicationException(
                        $"Table {target.Table}: job {target.JobId} was staged with schema version {existing.SchemaVersion}, not {schema.Version}; discard its staging first.",
                        target.Table);
                }

                return;
            }

            var job = new StagingJob(target, StagingJob.StagingTableFor(target), schema.Version, schema.Schema.GetRawText(), Committed: false);
            if (!await TableExistsAsync(connection, transaction, JobLedger.Schema, job.StagingTable, cancellationToken).ConfigureAwait(false))
            {
                // CREATE SCHEMA IF NOT EXISTS races with a concurrent one (23505): tables of one namespace take turns here.
                await using (var schemaGate = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
                {
                    schemaGate.Parameters.AddWithValue(TableLock.KeyOf("schema", new TableName(target.Table.Namespace, "")));
                    await schemaGate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await DdlBuilder.CreateTableAsync(
                    connection, model, JobLedger.Schema, job.StagingTable, withNotNull: target.Kind == StagingKind.Snapshot, withPrimaryKey: false, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, StagingSql.AddStagingColumns(job), cancellationToken).ConfigureAwait(false);
            }

            await JobLedger.AddAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogStagingReady(target.Table, target.JobId, target.Kind, schema.Version);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, target.Table, $"Preparing staging for job {target.JobId}");
        }
    }

    public async Task DiscardStagingAsync(StagingTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (await TableExistsAsync(connection, transaction, JobLedger.Schema, "staging_job", cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"DROP TABLE IF EXISTS {Identifiers.Qualified(JobLedger.Schema, StagingJob.StagingTableFor(target))}",
                    cancellationToken).ConfigureAwait(false);
                await JobLedger.ForgetAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _models.Forget(target);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, target.Table, $"Discarding staging of job {target.JobId}");
        }
    }
}
