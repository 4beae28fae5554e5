using System.Text.Json;

namespace CanvasData2.Replication.Schema;

internal sealed partial class PropertyMapper
{
    /// <summary>
    /// Enum types inside a nested object (<c>&lt;table&gt;__&lt;column&gt;__&lt;property&gt;</c>, or the definition's
    /// name behind a <c>$ref</c>): the official client creates them though the column itself is <c>jsonb</c>.
    /// Nothing else inside a nested object matters for storage, so nothing else is checked.
    /// </summary>
    private void CollectNestedEnums(JsonElement node, string prefix)
    {
        if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var name = $"{prefix}__{property.Name}";
            var value = property.Value;
            if (TryString(value, "$ref") is { } reference)
            {
                (name, value) = Dereference(reference, property.Name);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (value.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object && !items.TryGetProperty("$ref", out _))
            {
                value = items;
            }

            if (value.TryGetProperty("enum", out var labels) && labels.ValueKind == JsonValueKind.Array && labels.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String))
            {
                RegisterEnum(name, labels, property.Name);
            }
            else
            {
                CollectNestedEnums(value, name);
            }
        }
    }

    /// <summary>The alternatives of a <c>oneOf</c>/<c>anyOf</c> without <c>{"type": "null"}</c>; null when there is none.</summary>
    private static List<JsonElement>? Alternatives(JsonElement node)
    {
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (node.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                return list.EnumerateArray().Where(a => TryString(a, "type") != "null").ToList();
            }
        }

        return null;
    }

    /// <summary>The JSON type, ignoring <c>"null"</c> in a type list and inferring it from <c>enum</c>/<c>const</c> when absent.</summary>
    private string TypeOf(JsonElement node, string column)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(column, "its schema is not an object");
        }

        if (node.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var types = type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").Distinct(StringComparer.Ordinal).ToList();
                if (types.Count == 1)
                {
                    return types[0]!;
                }

                throw Unsupported(column, $"the type list {type.GetRawText()} is not supported");
            }
        }

        var sample = node.TryGetProperty("const", out var constant) ? constant
            : node.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0 ? values[0]
            : default;
        return sample.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => throw Unsupported(column, "it has no 'type'"),
        };
    }
}
