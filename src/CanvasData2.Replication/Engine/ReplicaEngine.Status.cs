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
    /// Replicated tables from <c>table_sync</c>. <see cref="TableStatus.RowCount"/> is PostgreSQL's estimate
    /// (exact right after a commit, which analyzes the table); null when the table is missing or never analyzed.
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

            await using var command = new NpgsqlCommand(
                """
                SELECT DISTINCT ON (s.source_namespace, s.source_table) s.source_namespace, s.source_table, s.schema_version, s."timestamp",
                    CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END
                FROM "instructure_dap"."table_sync" s
                LEFT JOIN pg_namespace n ON n.nspname = coalesce(s.target_schema, s.source_namespace)
                LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.target_table AND c.relkind IN ('r', 'p')
                WHERE $1::text IS NULL OR s.source_namespace = $1
                ORDER BY s.source_namespace, s.source_table, s.id
                """,
                connection);
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)ns ?? DBNull.Value);
            var result = new List<TableStatus>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stamp = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc));
                result.Add(new TableStatus(
                    new TableName(reader.GetString(0), reader.GetString(1)),
                    reader.GetInt64(2),
                    stamp,
                    reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }

            return result;
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, null, "Reading the replica status");
        }
    }
}
