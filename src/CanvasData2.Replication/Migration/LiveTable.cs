using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>A column as the catalog has it. For arrays the type facts are the element's.</summary>
internal sealed record LiveColumn(
    string Name,
    string TypeSchema,
    string TypeName,
    bool IsArray,
    bool IsEnum,
    int TypeMod,
    bool NotNull,
    string? DefaultSql,
    string? Comment,
    string FormattedType);

/// <summary>A replica table as it exists in the database (columns in physical order).</summary>
internal sealed record LiveTable(string Schema, string Name, IReadOnlyList<LiveColumn> Columns, string? Comment, IReadOnlyList<string> PrimaryKey)
{
    public LiveColumn? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>Reads the table's columns, types, nullability, defaults and comments; null when there is no such table.</summary>
    public static async Task<LiveTable?> ReadAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string? comment;
        string[] primaryKey;
        await using (var find = new NpgsqlCommand(
            """
            SELECT obj_description(c.oid, 'pg_class'),
                   array(SELECT a.attname::text FROM pg_constraint k CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, position)
                         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
                         WHERE k.conrelid = c.oid AND k.contype = 'p' ORDER BY u.position)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
            """,
            connection))
        {
            find.Parameters.AddWithValue(schema);
            find.Parameters.AddWithValue(Sql.Identifiers.Fit(table));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            comment = reader.IsDBNull(0) ? null : reader.GetString(0);
            primaryKey = reader.GetFieldValue<string[]>(1);
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT a.attname::text, tn.nspname::text, t.typname::text, at.oid <> t.oid, t.typtype = 'e', a.atttypmod, a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), format_type(a.atttypid, a.atttypmod)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type at ON at.oid = a.atttypid
            JOIN pg_type t ON t.oid = CASE WHEN at.typcategory = 'A' AND at.typelem <> 0 THEN at.typelem ELSE at.oid END
            JOIN pg_namespace tn ON tn.oid = t.typnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE n.nspname = $1 AND c.relname = $2
            ORDER BY a.attnum
            """,
            connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(Sql.Identifiers.Fit(table));
        var columns = new List<LiveColumn>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(new LiveColumn(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetBoolean(3),
                    reader.GetBoolean(4),
                    reader.GetInt32(5),
                    reader.GetBoolean(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetString(9)));
            }
        }

        return new LiveTable(schema, Sql.Identifiers.Fit(table), columns, comment, primaryKey);
    }

    /// <summary>The labels of an enum type in their order; null when the type does not exist.</summary>
    public static async Task<IReadOnlyList<string>?> ReadEnumLabelsAsync(NpgsqlConnection connection, string schema, string typeName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2
            """,
            connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(Sql.Identifiers.Fit(typeName));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string[];
    }
}
