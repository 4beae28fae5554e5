using CanvasData2.Model;
using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    public async Task<TablePlan> PlanAsync(TableName table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!await TableExistsAsync(connection, null, OfficialBookkeeping.Schema, "table_sync", cancellationToken).ConfigureAwait(false))
            {
                return new InitNeeded("the database has no instructure_dap.table_sync yet");
            }

            var meta = await TableSyncRow.ReadAsync(connection, null, table, forUpdate: false, cancellationToken).ConfigureAwait(false);
            if (meta is null)
            {
                return new InitNeeded($"{table} has no table_sync row");
            }

            if (!await TableExistsAsync(connection, null, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false))
            {
                return new InitNeeded($"{table} has a table_sync row but the table is missing");
            }

            return new SyncFrom(meta.Timestamp, meta.SchemaVersion);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, table, "Reading the sync state");
        }
    }

    /// <summary>
    /// Replicated tables from <c>table_sync</c>. <see cref="TableStatus.RowCount"/> is exact (a <c>count(*)</c>
    /// per table: statistics lag behind syncs, and a status report must not guess); null when the table is missing.
    /// </summary>
    public async Task<IReadOnlyList<TableStatus>> GetStatusAsync(string? ns = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!await TableExistsAsync(connection, null, OfficialBookkeeping.Schema, "table_sync", cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            // The run ledger exists once a run recorded one; before that its columns are null.
            var runs = await TableExistsAsync(connection, null, JobLedger.Schema, "table_run", cancellationToken).ConfigureAwait(false)
                ? $"""LEFT JOIN "canvasdata2"."table_run" r ON r.source_namespace = s.source_namespace AND r.source_table = s.source_table"""
                : "LEFT JOIN (SELECT NULL::text AS run_id, NULL::text AS outcome, NULL::timestamptz AS finished_at, NULL::bigint AS rows_changed, NULL::bigint AS seconds, NULL::text AS error_kind, NULL::text AS error, NULL::timestamptz AS last_success_at, NULL::bigint AS truncated_values) r ON false";
            await using var command = new NpgsqlCommand(
                $"""
                SELECT DISTINCT ON (s.source_namespace, s.source_table) s.source_namespace, s.source_table, s.schema_version, s."timestamp",
                    coalesce(s.target_schema, s.source_namespace), s.target_table, c.oid IS NOT NULL, {RunLedger.StatusColumns}
                FROM "instructure_dap"."table_sync" s
                LEFT JOIN pg_namespace n ON n.nspname = coalesce(s.target_schema, s.source_namespace)
                LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.target_table AND c.relkind IN ('r', 'p')
                {runs}
                WHERE $1::text IS NULL OR s.source_namespace = $1
                ORDER BY s.source_namespace, s.source_table, s.id
                """,
                connection);
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)ns ?? DBNull.Value);
            var rows = new List<(TableStatus Status, string Schema, string Table, bool Exists)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var stamp = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc));
                    var name = new TableName(reader.GetString(0), reader.GetString(1));
                    var (lastRun, lastSuccess) = RunLedger.Read(reader, 7, name);
                    var status = new TableStatus(name, reader.GetInt64(2), stamp, null, lastRun, lastSuccess);
                    rows.Add((status, reader.GetString(4), reader.GetString(5), reader.GetBoolean(6)));
                }
            }

            var result = new List<TableStatus>(rows.Count);
            foreach (var (status, schema, table, exists) in rows)
            {
                long? count = null;
                if (exists)
                {
                    await using var counter = new NpgsqlCommand($"SELECT count(*) FROM {Identifiers.Qualified(schema, table)}", connection);
                    count = (long)(await counter.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                result.Add(status with { RowCount = count });
            }

            return result;
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, null, "Reading the replica status");
        }
    }

    public async Task RecordRunAsync(IReadOnlyList<TableRunRecord> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await RunLedger.RecordAsync(connection, runs, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, null, "Recording the run");
        }
    }
}
