using System.Globalization;
using System.Text;
using CanvasData2.Shared;

namespace CanvasData2.Emulator.Data;

/// <summary>How DAP spells values in text: Python-style floats, `Z` timestamps with a fraction only when non-zero.</summary>
internal static class ValueText
{
    public static string Timestamp(DateTime utc)
    {
        Span<char> buffer = stackalloc char[28];
        return new string(buffer[..FormatTimestamp(utc, buffer)]);
    }

    public static int FormatTimestamp(DateTime utc, Span<char> buffer)
    {
        var (year, month, day) = utc;
        var ticksOfDay = utc.Ticks % TimeSpan.TicksPerDay;
        var seconds = (int)(ticksOfDay / TimeSpan.TicksPerSecond);
        var micros = (int)(ticksOfDay % TimeSpan.TicksPerSecond / 10);
        Digits(buffer, 0, year, 4);
        buffer[4] = '-';
        Digits(buffer, 5, month, 2);
        buffer[7] = '-';
        Digits(buffer, 8, day, 2);
        buffer[10] = 'T';
        return WriteTimeOfDay(buffer, 11, seconds, micros);
    }

    /// <summary>A version-4-shaped UUID, lower-case 8-4-4-4-12, derived from a hash.</summary>
    public static int FormatUuid(ulong hash, Span<char> buffer)
    {
        var low = (hash * 0x9E3779B97F4A7C15UL) ^ (hash >> 29);
        Hex(buffer, 0, hash >> 32, 8);
        buffer[8] = '-';
        Hex(buffer, 9, (hash >> 16) & 0xffff, 4);
        buffer[13] = '-';
        buffer[14] = '4';
        Hex(buffer, 15, (hash >> 4) & 0xfff, 3);
        buffer[18] = '-';
        Hex(buffer, 19, 0x8000 | (low & 0x3fff), 4);
        buffer[23] = '-';
        Hex(buffer, 24, low >> 16, 12);
        return 36;
    }

    private static void Hex(Span<char> buffer, int at, ulong value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            buffer[i] = "0123456789abcdef"[(int)(value & 15)];
            value >>= 4;
        }
    }

    /// <summary>`hh:mm:ss[.ffffff]Z` at <paramref name="at"/>; returns the end position.</summary>
    private static int WriteTimeOfDay(Span<char> buffer, int at, int seconds, int micros)
    {
        Digits(buffer, at, seconds / 3600, 2);
        buffer[at + 2] = ':';
        Digits(buffer, at + 3, seconds / 60 % 60, 2);
        buffer[at + 5] = ':';
        Digits(buffer, at + 6, seconds % 60, 2);
        at += 8;
        if (micros != 0)
        {
            buffer[at] = '.';
            Digits(buffer, at + 1, micros, 6);
            at += 7;
        }

        buffer[at] = 'Z';
        return at + 1;
    }

    private static void Digits(Span<char> buffer, int at, int value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            buffer[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    public static string Timestamp(DateTimeOffset time) => Timestamp(time.UtcDateTime);

    public static string Time(long microsOfDay)
    {
        Span<char> buffer = stackalloc char[16];
        var length = WriteTimeOfDay(buffer, 0, (int)(microsOfDay / 1_000_000), (int)(microsOfDay % 1_000_000));
        return new string(buffer[..length]);
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
            case CellKind.Timestamp or CellKind.Uuid:
                Span<char> buffer = stackalloc char[40];
                sb.Append('"').Append(buffer[..cell.FormatDeferred(buffer)]).Append('"');
                break;
            default: JsonStrings.Append(sb, cell.Text!); break;
        }
    }
}
