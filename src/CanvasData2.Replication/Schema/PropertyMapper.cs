using System.Text.Json;
using CanvasData2.Model;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// Maps one property of a DAP schema to a column type, collecting the enum types the table needs (also those
/// of nested objects, which the official client creates though no column uses them).
/// </summary>
internal sealed partial class PropertyMapper(TableName table, JsonElement root)
{
    private readonly SortedDictionary<string, EnumTypeModel> _enumTypes = new(StringComparer.Ordinal);

    /// <summary>The enum types in name order (the order the official client creates them in).</summary>
    public IReadOnlyList<EnumTypeModel> EnumTypes => _enumTypes.Values.ToList();

    public ColumnModel Map(string name, JsonElement property, string sourceField, bool required, bool isKey)
    {
        if (property.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(name, "its schema is not an object");
        }

        var type = Resolve(property, $"{table.Table}__{name}", name);
        return new ColumnModel(
            name,
            sourceField,
            type.Sql,
            type.Kind,
            required || isKey,
            DefaultSql(property, type, name),
            CommentText.ForColumn(property),
            isKey,
            type.ElementKind)
        {
            Length = type.Length,
            Precision = type.Precision,
            Scale = type.Scale,
            EnumType = type.EnumType,
        };
    }

    /// <param name="node">The property's schema.</param>
    /// <param name="enumName">The name its enum type gets: <c>&lt;table&gt;__&lt;column&gt;</c>, or the definition's name behind a <c>$ref</c>.</param>
    /// <param name="column">The column, for error messages.</param>
    private SqlTypeSpec Resolve(JsonElement node, string enumName, string column)
    {
        if (TryString(node, "$ref") is { } reference)
        {
            var (definitionName, definition) = Dereference(reference, column);
            return Resolve(definition, definitionName, column);
        }

        foreach (var keyword in new[] { "allOf", "not", "if", "patternProperties" })
        {
            if (node.TryGetProperty(keyword, out _))
            {
                throw Unsupported(column, $"the keyword '{keyword}' is not supported");
            }
        }

        if (Alternatives(node) is { } alternatives)
        {
            return ResolveUnion(alternatives, enumName, column);
        }

        return TypeOf(node, column) switch
        {
            "string" => ResolveString(node, enumName, column),
            "integer" => ResolveInteger(node, column),
            "number" => ResolveNumber(node, column),
            "boolean" => SqlTypeSpec.Of("boolean", ColumnKind.Boolean),
            "object" => ResolveObject(node, enumName),
            "array" => ResolveArray(node, enumName, column),
            var other => throw Unsupported(column, $"the type '{other}' has no PostgreSQL mapping"),
        };
    }

    private SqlTypeSpec ResolveString(JsonElement node, string enumName, string column)
    {
        if (node.TryGetProperty("enum", out var labels))
        {
            return EnumSpec(RegisterEnum(enumName, labels, column));
        }

        if (node.TryGetProperty("const", out var constant) && constant.ValueKind == JsonValueKind.String)
        {
            var length = Math.Max(1, constant.GetString()!.EnumerateRunes().Count());
            return new SqlTypeSpec($"char({length})", ColumnKind.Char) { Length = length };
        }

        switch (TryString(node, "format"))
        {
            case "date-time": return SqlTypeSpec.Of("timestamp", ColumnKind.Timestamp);
            case "date": return SqlTypeSpec.Of("date", ColumnKind.Date);
            case "time": return SqlTypeSpec.Of("time", ColumnKind.Time);
            case "duration": return SqlTypeSpec.Of("interval", ColumnKind.Interval);
            case "uuid": return SqlTypeSpec.Of("uuid", ColumnKind.Uuid);
            case "ipv4" or "ipv6": return SqlTypeSpec.Of("inet", ColumnKind.Inet);
            default: break; // Any other format (email, uri, ...) is stored as the string it is, like the official client does.
        }

        if (node.TryGetProperty("maxLength", out var max))
        {
            if (!max.TryGetInt32(out var length) || length < 1 || length > 10_485_760)
            {
                throw Unsupported(column, $"maxLength {max.GetRawText()} is not a valid varchar length");
            }

            return new SqlTypeSpec($"varchar({length})", ColumnKind.Text) { Length = length };
        }

        return SqlTypeSpec.Of("text", ColumnKind.Text);
    }

    private SqlTypeSpec ResolveObject(JsonElement node, string enumName)
    {
        CollectNestedEnums(node, enumName);
        return SqlTypeSpec.Of("jsonb", ColumnKind.Json);
    }

    private SqlTypeSpec ResolveArray(JsonElement node, string enumName, string column)
    {
        if (!node.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object)
        {
            return SqlTypeSpec.Of("jsonb", ColumnKind.Json);
        }

        var element = Resolve(items, enumName, column);

        // Arrays of objects or of arrays cannot be a PostgreSQL array of a scalar: stored as JSON.
        return element.Kind is ColumnKind.Json or ColumnKind.Array ? SqlTypeSpec.Of("jsonb", ColumnKind.Json) : element.AsArray();
    }

    private SqlTypeSpec ResolveUnion(List<JsonElement> alternatives, string enumName, string column)
    {
        if (alternatives.Count == 1)
        {
            return Resolve(alternatives[0], enumName, column);
        }

        var types = alternatives.Select(a => TryString(a, "$ref") is { } r ? TypeOf(Dereference(r, column).Definition, column) : TypeOf(a, column)).ToList();
        if (types.All(t => t == "string"))
        {
            var formats = alternatives.Select(a => TryString(a, "format")).ToList();
            return formats.All(f => f is "ipv4" or "ipv6") ? SqlTypeSpec.Of("inet", ColumnKind.Inet) : SqlTypeSpec.Of("text", ColumnKind.Text);
        }

        return types.Any(t => t is "object" or "array") ? SqlTypeSpec.Of("jsonb", ColumnKind.Json) : SqlTypeSpec.Of("text", ColumnKind.Text);
    }

    private static SqlTypeSpec EnumSpec(EnumTypeModel type)
        => new(Sql.Identifiers.Qualified(type.Schema, type.Name), ColumnKind.Enum) { EnumType = type };

    private EnumTypeModel RegisterEnum(string name, JsonElement labels, string column)
    {
        if (labels.ValueKind != JsonValueKind.Array || labels.GetArrayLength() == 0 || labels.EnumerateArray().Any(l => l.ValueKind != JsonValueKind.String))
        {
            throw Unsupported(column, "its enum is not a non-empty list of strings");
        }

        var list = labels.EnumerateArray().Select(l => l.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        if (list.Any(l => l.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(l) > Sql.Identifiers.MaxBytes || l.Contains('\0', StringComparison.Ordinal)))
        {
            throw Unsupported(column, "an enum label is empty, longer than 63 bytes or contains NUL");
        }

        var type = new EnumTypeModel(table.Namespace, name, list);
        if (_enumTypes.TryGetValue(name, out var existing) && !existing.Labels.SequenceEqual(list, StringComparer.Ordinal))
        {
            throw Unsupported(column, $"the enum type '{name}' is defined twice with different labels");
        }

        _enumTypes[name] = type;
        return type;
    }

    private (string Name, JsonElement Definition) Dereference(string reference, string column)
    {
        foreach (var prefix in new[] { "#/definitions/", "#/$defs/" })
        {
            if (reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                var name = reference[prefix.Length..];
                if (root.TryGetProperty(prefix[2..^1], out var definitions) && definitions.ValueKind == JsonValueKind.Object
                    && definitions.TryGetProperty(name, out var definition) && definition.ValueKind == JsonValueKind.Object)
                {
                    return (name, definition);
                }
            }
        }

        throw Unsupported(column, $"the reference '{reference}' does not name a definition of this schema");
    }

    private ReplicationException Unsupported(string column, string why)
        => new($"Column '{column}' of {table}: {why}.", table, column);

    private static string? TryString(JsonElement node, string name)
        => node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
