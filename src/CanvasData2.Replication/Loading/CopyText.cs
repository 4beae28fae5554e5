namespace CanvasData2.Replication.Loading;

/// <summary>COPY text-format escaping (the same as DAP's TSV escaping) for the fields the loader rewrites.</summary>
internal static class CopyText
{
    /// <summary>Reverses <c>\\ \t \n \r \b \f \v</c>; returns the length written (never longer than the input).</summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'\\' && i + 1 < source.Length)
            {
                i++;
                b = source[i] switch
                {
                    (byte)'t' => (byte)'\t',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'v' => (byte)'\v',
                    var other => other,
                };
            }

            target[written++] = b;
        }

        return written;
    }

    /// <summary>Escapes backslash, tab, newline and carriage return; the target must hold twice the input.</summary>
    public static int Escape(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var written = 0;
        foreach (var b in source)
        {
            var escaped = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                _ => (byte)0,
            };
            if (escaped == 0)
            {
                target[written++] = b;
            }
            else
            {
                target[written++] = (byte)'\\';
                target[written++] = escaped;
            }
        }

        return written;
    }
}
