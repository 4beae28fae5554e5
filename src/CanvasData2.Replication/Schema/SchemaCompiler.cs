using System.Text.Json;
using CanvasData2.Model;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// Turns a DAP table schema into the <see cref="TableModel"/> the official client would build: same columns,
/// order, types, nullability, defaults, enum types and comments (see src/CanvasData2.Replication/README.md for
/// the shapes the official client refuses and what we do with them).
/// </summary>
internal static class SchemaCompiler
{
    public static TableModel Compile(TableName table, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var root = schema.Schema;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            throw new ReplicationException($"The schema of {table} has no 'properties' object.", table);
        }

        var mapper = new PropertyMapper(table, root);
        var keyColumns = ReadSection(table, properties, "key", mapper, isKey: true);
        if (keyColumns.Count == 0)
        {
            throw new ReplicationException($"The schema of {table} has no key property.", table);
        }

        var valueColumns = ReadSection(table, properties, "value", mapper, isKey: false);

        // The official client stable-sorts fields that have a default to the end (key columns never have one).
        var columns = keyColumns
            .Concat(valueColumns.Where(c => c.DefaultSql is null))
            .Concat(valueColumns.Where(c => c.DefaultSql is not null))
            .ToList();
        CheckDistinctNames(table, columns);

        return new TableModel(
            table,
            columns,
            keyColumns.Select(c => c.Name).ToList(),
            mapper.EnumTypes,
            CommentText.ForTable(root),
            schema.Version,
            SchemaDescription.Serialize(root));
    }

    private static List<ColumnModel> ReadSection(TableName table, JsonElement properties, string section, PropertyMapper mapper, bool isKey)
    {
        var columns = new List<ColumnModel>();
        if (!properties.TryGetProperty(section, out var wrapper))
        {
            return columns;
        }

        if (wrapper.ValueKind != JsonValueKind.Object || !wrapper.TryGetProperty("properties", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            throw new ReplicationException($"The '{section}' of {table} is not an object with properties.", table);
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (wrapper.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in list.EnumerateArray())
            {
                required.Add(name.GetString() ?? string.Empty);
            }
        }

        foreach (var field in fields.EnumerateObject())
        {
            var column = mapper.Map(field.Name, field.Value, $"{section}.{field.Name}", required.Contains(field.Name), isKey);
            columns.Add(column);
        }

        return columns;
    }

    private static void CheckDistinctNames(TableName table, List<ColumnModel> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(Sql.Identifiers.Fit(column.Name)))
            {
                throw new ReplicationException($"The schema of {table} has two columns named '{column.Name}' (key and value, or equal after shortening to 63 bytes).", table, column.Name);
            }
        }
    }
}
