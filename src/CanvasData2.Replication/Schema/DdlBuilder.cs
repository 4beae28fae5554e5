using System.Text;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Schema;

/// <summary>Creates replica tables (and their schema and enum types) exactly as the official client does, in the caller's transaction.</summary>
internal static class DdlBuilder
{
    /// <summary>The primary key constraint name, <c>pk_&lt;table&gt;</c>, shortened like every identifier.</summary>
    public static string PrimaryKeyName(string table) => Identifiers.Fit("pk_" + table);

    /// <summary>
    /// Creates the table of <paramref name="model"/> as <paramref name="schemaOverride"/>.<paramref name="tableOverride"/>
    /// (default: its namespace and name). Creates the schema(s) and the enum types that do not exist yet (always
    /// in the model's namespace, in name order; labels of existing types are <see cref="Migration.SchemaMigrator.AddMissingEnumLabelsAsync"/>'s
    /// job). NOT NULL only <paramref name="withNotNull"/> (a change staging table holds deletions, whose values are
    /// null) and the primary key only <paramref name="withPrimaryKey"/> (built once after a load, not row by row).
    /// </summary>
    public static async Task CreateTableAsync(
        NpgsqlConnection connection, TableModel model, string? schemaOverride, string? tableOverride, bool withNotNull, bool withPrimaryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(model);
        var schema = schemaOverride ?? model.Name.Namespace;
        var table = tableOverride ?? model.Name.Table;
        var sql = new StringBuilder();
        sql.AppendLine($"CREATE SCHEMA IF NOT EXISTS {Identifiers.Quote(model.Name.Namespace)};");
        if (!string.Equals(schema, model.Name.Namespace, StringComparison.Ordinal))
        {
            sql.AppendLine($"CREATE SCHEMA IF NOT EXISTS {Identifiers.Quote(schema)};");
        }

        foreach (var type in await MissingEnumTypesAsync(connection, model.EnumTypes, cancellationToken).ConfigureAwait(false))
        {
            sql.AppendLine(DdlSpelling.CreateEnum(type));
        }

        sql.Append(CreateTableSql(model, schema, table, withNotNull, withPrimaryKey));
        await ExecuteAsync(connection, sql.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the primary key <c>pk_&lt;finalTable&gt;</c> to a snapshot's staging table (created with its NOT NULLs, which
    /// COPY checks row by row: adding them here took a scan of the whole table, ~150 ms per million narrow rows).
    /// </summary>
    public static async Task AddPrimaryKeyAsync(NpgsqlConnection connection, TableModel model, string schema, string table, string finalTable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await ExecuteAsync(
            connection,
            $"ALTER TABLE {Identifiers.Qualified(schema, table)} ADD CONSTRAINT {Identifiers.Quote(PrimaryKeyName(finalTable))} PRIMARY KEY ({string.Join(", ", model.PrimaryKey.Select(Identifiers.Quote))});",
            cancellationToken).ConfigureAwait(false);
    }

    internal static string CreateTableSql(TableModel model, string schema, string table, bool withNotNull, bool withPrimaryKey)
    {
        var qualified = Identifiers.Qualified(schema, table);
        var lines = model.Columns.Select(c => DdlSpelling.ColumnDefinition(c, withNotNull)).ToList();
        if (withPrimaryKey)
        {
            lines.Add($"CONSTRAINT {Identifiers.Quote(PrimaryKeyName(table))} PRIMARY KEY ({string.Join(", ", model.PrimaryKey.Select(Identifiers.Quote))})");
        }

        var sql = new StringBuilder();
        sql.AppendLine($"CREATE TABLE {qualified} (").AppendLine(string.Join(",\n", lines)).AppendLine(");");
        if (model.Comment is not null)
        {
            sql.AppendLine(DdlSpelling.CommentOn($"TABLE {qualified}", model.Comment));
        }

        foreach (var column in model.Columns.Where(c => c.Comment is not null))
        {
            sql.AppendLine(DdlSpelling.CommentOn($"COLUMN {qualified}.{Identifiers.Quote(column.Name)}", column.Comment));
        }

        return sql.ToString();
    }

    /// <summary>The enum types of the list that do not exist in the database, in the list's order.</summary>
    internal static async Task<List<EnumTypeModel>> MissingEnumTypesAsync(NpgsqlConnection connection, IReadOnlyList<EnumTypeModel> types, CancellationToken cancellationToken)
    {
        var missing = new List<EnumTypeModel>();
        foreach (var type in types)
        {
            await using var command = new NpgsqlCommand(
                "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2", connection);
            command.Parameters.AddWithValue(type.Schema);
            command.Parameters.AddWithValue(Identifiers.Fit(type.Name));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add(type);
            }
        }

        return missing;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
