using CanvasData2.Model;
using Npgsql;
using NpgsqlTypes;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>One <c>instructure_dap.table_sync</c> row: the official client's meta row of a table.</summary>
internal sealed record TableSyncRow(long Id, DateTimeOffset Timestamp, long SchemaVersion, string SchemaDescription)
{
    /// <summary>The table's row (the first one, as the official client takes it), optionally locked for update.</summary>
    public static async Task<TableSyncRow?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TableName table, bool forUpdate, CancellationToken cancellationToken)
    {
        var sql = """
            SELECT id, "timestamp", schema_version, schema_description FROM "instructure_dap"."table_sync"
            WHERE source_namespace = $1 AND source_table = $2 ORDER BY id LIMIT 1
            """ + (forUpdate ? " FOR UPDATE" : "");
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(table.Table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var stamp = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
        return new TableSyncRow(reader.GetInt64(0), new DateTimeOffset(stamp), reader.GetInt64(2), reader.GetString(3));
    }

    /// <summary>Updates the table's row in place, or inserts it (id from the identity) when there is none.</summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TableName table,
        DateTimeOffset timestamp,
        long schemaVersion,
        string schemaDescription,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            WITH updated AS (
                UPDATE "instructure_dap"."table_sync"
                SET "timestamp" = $3, schema_version = $4, target_schema = $1, target_table = $2,
                    schema_description_format = 'json', schema_description = $5
                WHERE id = (SELECT min(id) FROM "instructure_dap"."table_sync" WHERE source_namespace = $1 AND source_table = $2)
                RETURNING id)
            INSERT INTO "instructure_dap"."table_sync" (source_namespace, source_table, "timestamp", schema_version,
                target_schema, target_table, schema_description_format, schema_description)
            SELECT $1, $2, $3, $4, $1, $2, 'json', $5 WHERE NOT EXISTS (SELECT 1 FROM updated)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(table.Table);
        command.Parameters.Add(new NpgsqlParameter { Value = DateTime.SpecifyKind(timestamp.UtcDateTime, DateTimeKind.Unspecified), NpgsqlDbType = NpgsqlDbType.Timestamp });
        command.Parameters.AddWithValue(schemaVersion);
        command.Parameters.AddWithValue(schemaDescription);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every row of the table; returns how many there were.</summary>
    public static async Task<int> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableName table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """DELETE FROM "instructure_dap"."table_sync" WHERE source_namespace = $1 AND source_table = $2""", connection, transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(table.Table);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
