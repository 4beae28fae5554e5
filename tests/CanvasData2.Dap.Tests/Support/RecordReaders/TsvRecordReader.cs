using System.Runtime.CompilerServices;
using System.Text;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>
/// DAP's TSV (PostgreSQL COPY text format): LF-separated lines, tab-separated fields, <c>\N</c> = NULL,
/// an empty field = the empty string, backslash escapes <c>\\ \b \f \n \r \t \v \0</c> and nothing else.
/// </summary>
internal static class TsvRecordReader
{
    private const string Format = "TSV";

    public static async IAsyncEnumerable<DapRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, RecordErrors.StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var lines = new LfLineReader(text, Format);
        var headerLine = await ReadAsync(lines, cancellationToken).ConfigureAwait(false);
        if (headerLine is null)
        {
            yield break;
        }

        var header = RecordHeader.Parse(headerLine.Split('\t'), Format);
        var fields = new string?[header.Count];
        var blankAt = 0L;
        while (await ReadAsync(lines, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                // The official reader stops at a blank line; we accept blank lines only at the very end,
                // because a blank line before more data would silently drop rows there.
                blankAt = blankAt == 0 ? lines.LineNumber : blankAt;
                continue;
            }
            if (blankAt != 0)
            {
                throw RecordErrors.Invalid(Format, blankAt, null, "a blank line before more data");
            }

            Split(line, fields, lines.LineNumber, header.Count);
            yield return header.Build(fields, Format, lines.LineNumber);
        }
    }

    private static async ValueTask<string?> ReadAsync(LfLineReader lines, CancellationToken cancellationToken)
    {
        try
        {
            return await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw RecordErrors.InvalidEncoding(Format, lines.LineNumber + 1, ex);
        }
    }

    private static void Split(string line, string?[] fields, long lineNumber, int expected)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var end = line.IndexOf('\t', start);
            var raw = end < 0 ? line.AsSpan(start) : line.AsSpan(start, end - start);
            if (count == expected)
            {
                throw RecordErrors.Invalid(Format, lineNumber, null, $"more fields than the {expected} header columns");
            }

            fields[count++] = Unescape(raw, lineNumber);
            if (end < 0)
            {
                break;
            }

            start = end + 1;
        }
        if (count != expected)
        {
            throw RecordErrors.Invalid(Format, lineNumber, null, $"{count} fields where the header has {expected}");
        }
    }

    internal static string? Unescape(ReadOnlySpan<char> raw, long lineNumber)
    {
        if (raw.Length == 2 && raw[0] == '\\' && raw[1] == 'N')
        {
            return null;
        }

        if (raw.IndexOfAny('\\', '\r') < 0)
        {
            return raw.ToString();
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\r')
            {
                throw RecordErrors.Invalid(Format, lineNumber, null, "a raw carriage return (DAP TSV uses LF line ends and writes CR as \\r)");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (++i == raw.Length)
            {
                throw RecordErrors.Invalid(Format, lineNumber, null, "a field ends with a lone backslash");
            }

            builder.Append(raw[i] switch
            {
                '\\' => '\\',
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'v' => '\v',
                '0' => '\0',
                'N' => throw RecordErrors.Invalid(Format, lineNumber, null, "\\N inside a longer field (NULL must be the whole field)"),
                var other => throw RecordErrors.Invalid(Format, lineNumber, null, $"unknown escape \\{other}"),
            });
        }
        return builder.ToString();
    }
}
