using System.Text.Json;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// Turns a JSON array of scalars into PostgreSQL's array input syntax: <c>{a,"b c",NULL,1.5}</c>. Strings are
/// double-quoted when PostgreSQL's array parser needs it (empty, <c>NULL</c>, delimiters, quotes, backslashes,
/// braces, white space), with <c>"</c> and <c>\</c> backslash-escaped inside the quotes.
/// </summary>
internal static class PgArrayLiteral
{
    private static readonly System.Buffers.SearchValues<byte> QuoteTriggers = System.Buffers.SearchValues.Create("{},\"\\ \t\n\r\v\f"u8);

    /// <summary>
    /// Writes the literal; the target must hold the JSON length + 16 bytes. Each element's literal is no longer
    /// than its JSON: <c>null</c> is <c>NULL</c>, a string loses its JSON escapes before it gains quoting, and a
    /// <c>"</c> or <c>\</c> that needs a backslash came from a two-byte JSON escape.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> json, Span<byte> target, out int written, out string? problem)
    {
        written = 0;
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                problem = "not an array";
                return false;
            }

            target[written++] = (byte)'{';
            var first = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!first)
                {
                    target[written++] = (byte)',';
                }

                first = false;
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        "NULL"u8.CopyTo(target[written..]);
                        written += 4;
                        break;
                    case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Number:
                        reader.ValueSpan.CopyTo(target[written..]);
                        written += reader.ValueSpan.Length;
                        break;
                    case JsonTokenType.String:
                        written += WriteString(ref reader, target[written..]);
                        break;
                    default:
                        problem = $"an element is a {reader.TokenType}";
                        return false;
                }
            }

            target[written++] = (byte)'}';
            if (reader.Read())
            {
                problem = "text after the array";
                return false;
            }

            return true;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static int WriteString(ref Utf8JsonReader reader, Span<byte> target)
    {
        // The unescaped value goes one byte in (room for an opening quote); quoting, when needed, spreads it from
        // the end, so no byte is overwritten before it is moved and no second buffer is needed.
        var length = reader.CopyString(target[1..]);
        var value = target.Slice(1, length);
        if (!NeedsQuotes(value))
        {
            value.CopyTo(target);
            return length;
        }

        var total = length + 2 + value.Count((byte)'"') + value.Count((byte)'\\');
        var to = total - 1;
        target[to--] = (byte)'"';
        for (var from = length; from >= 1; from--)
        {
            var b = target[from];
            target[to--] = b;
            if (b is (byte)'"' or (byte)'\\')
            {
                target[to--] = (byte)'\\';
            }
        }

        target[0] = (byte)'"';
        return total;
    }

    private static bool NeedsQuotes(ReadOnlySpan<byte> value)
        => value.IsEmpty
            || value.IndexOfAny(QuoteTriggers) >= 0
            || (value.Length == 4 && System.Text.Ascii.EqualsIgnoreCase(value, "NULL"u8));
}
