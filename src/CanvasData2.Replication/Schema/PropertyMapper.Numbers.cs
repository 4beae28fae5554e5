using System.Globalization;
using System.Text.Json;

namespace CanvasData2.Replication.Schema;

internal sealed partial class PropertyMapper
{
    private SqlTypeSpec ResolveInteger(JsonElement node, string column)
    {
        switch (TryString(node, "format"))
        {
            case "int16": return SqlTypeSpec.Of("smallint", ColumnKind.SmallInt);
            case "int32": return SqlTypeSpec.Of("integer", ColumnKind.Integer);
            case "int64": return SqlTypeSpec.Of("bigint", ColumnKind.BigInt);
            case null: break;
            case var other: throw Unsupported(column, $"the integer format '{other}' is not supported");
        }

        // Without a format the official client sizes the column by the declared range (enum values, or minimum and maximum).
        decimal? low = null, high = null;
        if (node.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            var numbers = values.EnumerateArray().Select(v => v.TryGetDecimal(out var d) ? d : throw Unsupported(column, "an integer enum holds a non-number")).ToList();
            (low, high) = (numbers.Min(), numbers.Max());
        }
        else if (Number(node, "minimum") is { } min && Number(node, "maximum") is { } max)
        {
            (low, high) = (min, max);
        }

        if (low is null || high is null)
        {
            return SqlTypeSpec.Of("bigint", ColumnKind.BigInt);
        }

        if (low >= short.MinValue && high <= short.MaxValue)
        {
            return SqlTypeSpec.Of("smallint", ColumnKind.SmallInt);
        }

        return low >= int.MinValue && high <= int.MaxValue ? SqlTypeSpec.Of("integer", ColumnKind.Integer) : SqlTypeSpec.Of("bigint", ColumnKind.BigInt);
    }

    private SqlTypeSpec ResolveNumber(JsonElement node, string column)
    {
        if (Number(node, "multipleOf") is { } step)
        {
            return DecimalOf(node, step, column);
        }

        return TryString(node, "format") switch
        {
            "float32" => SqlTypeSpec.Of("real", ColumnKind.Real),
            "float64" or null => SqlTypeSpec.Of("double precision", ColumnKind.Double),
            var other => throw Unsupported(column, $"the number format '{other}' is not supported"),
        };
    }

    /// <summary>
    /// <c>decimal(p, s)</c>: the scale is the number of decimals of <c>multipleOf</c>, the integer digits those
    /// the largest bound needs (exclusive ±1000000 with 0.01 → <c>decimal(8, 2)</c>). Without bounds: <c>decimal</c>.
    /// </summary>
    private SqlTypeSpec DecimalOf(JsonElement node, decimal step, string column)
    {
        if (step <= 0)
        {
            throw Unsupported(column, "multipleOf must be positive");
        }

        var scale = (int)((decimal.GetBits(step / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF);
        var exclusive = new[] { Number(node, "exclusiveMinimum"), Number(node, "exclusiveMaximum") };
        var inclusive = new[] { Number(node, "minimum"), Number(node, "maximum") };
        var bounds = exclusive.Concat(inclusive).Where(b => b is not null).Select(b => Math.Abs(b!.Value)).ToList();
        if (bounds.Count == 0)
        {
            return SqlTypeSpec.Of("decimal", ColumnKind.Decimal);
        }

        var largest = bounds.Max();
        var exclusiveOnly = inclusive.All(b => b is null);

        // Values strictly below 10^k need k integer digits; a bound that may be reached needs the digits of the bound itself.
        var ceiling = decimal.Ceiling(largest);
        var biggestInteger = exclusiveOnly ? ceiling - 1 : decimal.Floor(largest);
        var integerDigits = biggestInteger <= 0 ? 0 : biggestInteger.ToString("0", CultureInfo.InvariantCulture).Length;
        var precision = Math.Max(1, integerDigits + scale);
        if (precision > 1000)
        {
            throw Unsupported(column, "the decimal needs more than 1000 digits");
        }

        return new SqlTypeSpec(string.Create(CultureInfo.InvariantCulture, $"decimal({precision}, {scale})"), ColumnKind.Decimal) { Precision = precision, Scale = scale };
    }

    /// <summary>The column default as the official client spells it (<c>FALSE</c>, <c>1</c>, <c>'online'</c>); null without one.</summary>
    private string? DefaultSql(JsonElement property, SqlTypeSpec type, string column)
    {
        if (!property.TryGetProperty("default", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => "TRUE",
            JsonValueKind.False => "FALSE",
            JsonValueKind.Number when type.Kind is not (ColumnKind.Text or ColumnKind.Char or ColumnKind.Enum) => value.GetRawText(),
            JsonValueKind.String => Sql.Identifiers.Literal(value.GetString()!),
            JsonValueKind.Object or JsonValueKind.Array when type.Kind == ColumnKind.Json => Sql.Identifiers.Literal(value.GetRawText()),
            _ => throw Unsupported(column, $"the default {value.GetRawText()} does not fit the column type {type.Sql}"),
        };
    }

    private static decimal? Number(JsonElement node, string name)
        => node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : null;
}
