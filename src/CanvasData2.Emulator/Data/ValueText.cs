using System.Globalization;
using System.Text;

namespace CanvasData2.Emulator.Data;

/// <summary>How DAP spells values in text: Python-style floats, `Z` timestamps with a fraction only when non-zero.</summary>
internal static class ValueText
{
    public static string Timestamp(DateTime utc)
    {
        var micros = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return micros == 0 ? text + "Z" : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture) + "Z";
    }

    public static string Timestamp(DateTimeOffset time) => Timestamp(time.UtcDateTime);

    public static string Time(long microsOfDay)
    {
        var t = new TimeSpan(microsOfDay * 10);
        var text = t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var micros = microsOfDay % 1_000_000;
        return micros == 0 ? text + "Z" : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Shortest round-trip text as Python's repr writes it (`10.0`, `1e-300`, `1.7976931348623157e+308`).</summary>
    public static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var sign = exponent < 0 ? "-" : "+";
        return string.Concat(text.AsSpan(0, e), "e", sign, Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture));
    }

    /// <summary>JSON string escaping without ASCII-escaping non-ASCII text (like `json.dumps(ensure_ascii=False)`).</summary>
    public static void AppendJsonString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Appends a cell as a JSON value.</summary>
    public static void AppendJson(StringBuilder sb, in Cell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Null: sb.Append("null"); break;
            case CellKind.Integer: sb.Append(cell.Integer.ToString(CultureInfo.InvariantCulture)); break;
            case CellKind.Float: sb.Append(Float(cell.Float)); break;
            case CellKind.Boolean: sb.Append(cell.Integer != 0 ? "true" : "false"); break;
            case CellKind.Number or CellKind.Json: sb.Append(cell.Text); break;
            default: AppendJsonString(sb, cell.Text!); break;
        }
    }
}
