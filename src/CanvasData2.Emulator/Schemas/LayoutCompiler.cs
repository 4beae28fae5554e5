using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Schemas;

/// <summary>Turns a DAP table schema (JSON Schema draft 2020-12) into column specs; rejects shapes it cannot generate.</summary>
internal static class LayoutCompiler
{
    public static TableLayout Compile(string table, JsonObject schema)
    {
        var properties = Require(schema["properties"] as JsonObject, table, "properties");
        var definitions = schema["definitions"] as JsonObject;
        var key = Require(properties["key"] as JsonObject, table, "properties.key");
        var value = properties["value"] as JsonObject;
        var keys = CompileObject(table, key, definitions, "key");
        var values = value is null ? [] : CompileObject(table, value, definitions, "value");
        return new TableLayout(keys, values);
    }

    private static List<ColumnSpec> CompileObject(string table, JsonObject obj, JsonObject? definitions, string path)
    {
        var props = obj["properties"] as JsonObject ?? [];
        var required = (obj["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
        return props.Select(p => Compile(table, $"{path}.{p.Key}", p.Key, Require(p.Value as JsonObject, table, p.Key),
            !required.Contains(p.Key), definitions)).ToList();
    }

    private static ColumnSpec Compile(string table, string path, string name, JsonObject prop, bool nullable, JsonObject? definitions)
    {
        if (prop["$ref"] is JsonValue reference)
        {
            var target = reference.GetValue<string>().Split('/')[^1];
            prop = Require(definitions?[target] as JsonObject, table, $"{path} ($ref {target})");
        }

        if (prop["oneOf"] is JsonArray oneOf)
        {
            var formats = oneOf.Select(o => o?["format"]?.GetValue<string>()).ToList();
            if (formats.Contains("ipv4") && formats.Contains("ipv6"))
            {
                return new ColumnSpec(name, ValueFamily.IpAny, nullable);
            }

            if (oneOf.Any(o => o?["const"] is not null) && oneOf.All(o => o?["type"]?.GetValue<string>() == "string"))
            {
                return new ColumnSpec(name, ValueFamily.TruncatableText, nullable);
            }

            throw Unsupported(table, path, "this oneOf combination");
        }

        var type = prop["type"]?.GetValue<string>() ?? (prop["const"] is not null ? "string" : null);
        var format = prop["format"]?.GetValue<string>();
        return type switch
        {
            "integer" when prop["enum"] is JsonArray labels =>
                new ColumnSpec(name, ValueFamily.IntegerEnum, nullable) { IntegerLabels = labels.Select(l => l!.GetValue<long>()).ToList() },
            "integer" => new ColumnSpec(name, format switch
            {
                "int16" => ValueFamily.Int16,
                "int32" => ValueFamily.Int32,
                "int64" => ValueFamily.Int64,
                null => ValueFamily.Integer,
                _ => throw Unsupported(table, path, $"integer format '{format}'"),
            }, nullable)
            { Minimum = prop["minimum"]?.GetValue<long>(), Maximum = prop["maximum"]?.GetValue<long>() },
            "number" when prop["multipleOf"] is not null => new ColumnSpec(name, ValueFamily.Decimal, nullable),
            "number" => new ColumnSpec(name, format == "float32" ? ValueFamily.Float32 : ValueFamily.Float64, nullable),
            "boolean" => new ColumnSpec(name, ValueFamily.Boolean, nullable),
            "string" => CompileString(table, path, name, prop, format, nullable),
            "object" => new ColumnSpec(name, ValueFamily.Object, nullable) { Children = CompileObject(table, prop, definitions, path) },
            "array" => new ColumnSpec(name, ValueFamily.Array, nullable)
            {
                Items = Compile(table, path + "[]", name, Require(prop["items"] as JsonObject, table, path + ".items"), false, definitions),
                MinItems = prop["minItems"]?.GetValue<int>(),
            },
            _ => throw Unsupported(table, path, $"type '{type}'"),
        };
    }

    private static ColumnSpec CompileString(string table, string path, string name, JsonObject prop, string? format, bool nullable)
    {
        if (prop["const"] is JsonValue constant)
        {
            return new ColumnSpec(name, ValueFamily.Const, nullable) { ConstValue = constant.GetValue<string>() };
        }

        if (prop["enum"] is JsonArray labels)
        {
            return new ColumnSpec(name, ValueFamily.Enum, nullable) { Labels = labels.Select(l => l!.GetValue<string>()).ToList() };
        }

        var kind = format switch
        {
            null => ValueFamily.Text,
            "date-time" => ValueFamily.DateTime,
            "date" => ValueFamily.Date,
            "time" => ValueFamily.Time,
            "uuid" => ValueFamily.Uuid,
            "ipv4" => ValueFamily.Ipv4,
            "ipv6" => ValueFamily.Ipv6,
            _ => throw Unsupported(table, path, $"string format '{format}'"),
        };
        return new ColumnSpec(name, kind, nullable) { MaxLength = prop["maxLength"]?.GetValue<int>(), MinLength = prop["minLength"]?.GetValue<int>() };
    }

    private static T Require<T>(T? node, string table, string path)
        where T : class =>
        node ?? throw new InvalidOperationException($"Schema of table '{table}' has no valid '{path}'.");

    private static InvalidOperationException Unsupported(string table, string path, string what) =>
        new($"Schema of table '{table}', column '{path}': the emulator cannot generate values for {what}.");
}
