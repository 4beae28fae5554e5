using System.Text;
using Npgsql;

namespace CanvasData2.Testing;

/// <summary>
/// A replica as text: every table of the namespace schemas via <c>COPY … TO STDOUT</c> ordered by all columns,
/// plus the table_sync rows without their id. Two replicas with equal dumps hold the same data.
/// </summary>
public static class ReplicaDump
{
    public static async Task<string> AllAsync(string connectionString, CancellationToken cancellationToken, params string[] namespaces)
    {
        var schemas = namespaces.Length == 0 ? ["canvas"] : namespaces;
        var text = new StringBuilder();
        foreach (var table in await TablesAsync(connectionString, schemas, cancellationToken))
        {
            text.Append("== ").Append(table).Append('\n');
            text.Append(await TableAsync(connectionString, table, cancellationToken));
        }

        text.Append("== table_sync\n").Append(await TableSyncAsync(connectionString, cancellationToken));
        return text.ToString();
    }

    public static async Task<IReadOnlyList<string>> TablesAsync(string connectionString, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1",
            connection);
        command.Parameters.AddWithValue(schemas.ToArray());
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>One table (a quoted qualified name), header included, rows sorted by their whole text.</summary>
    public static async Task<string> TableAsync(string connectionString, string quotedTable, CancellationToken cancellationToken)
        => await CopyOutAsync(connectionString, $"COPY (SELECT * FROM {quotedTable} t ORDER BY t::text) TO STDOUT WITH (FORMAT text, HEADER)", cancellationToken);

    public static Task<string> TableSyncAsync(string connectionString, CancellationToken cancellationToken)
        => CopyOutAsync(
            connectionString,
            """
            COPY (SELECT source_namespace, source_table, "timestamp", schema_version, target_schema, target_table, schema_description_format, schema_description
                  FROM instructure_dap.table_sync ORDER BY source_namespace, source_table) TO STDOUT WITH (FORMAT text)
            """,
            cancellationToken);

    public static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> CopyOutAsync(string connectionString, string copySql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        using var reader = await connection.BeginTextExportAsync(copySql, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var settings = new NpgsqlCommand("SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SET extra_float_digits = 1", connection);
        await settings.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
