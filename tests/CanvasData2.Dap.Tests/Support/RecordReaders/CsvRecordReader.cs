using System.Runtime.CompilerServices;
using System.Text;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>
/// DAP's CSV: RFC 4180 with a header; an unquoted <c>NULL</c> or an unquoted empty field is NULL, a quoted
/// field (<c>""</c> included) is text. Records end at LF or CRLF; quoted fields may span lines.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private const string Format = "CSV";
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private long _line = 1;

    public static async IAsyncEnumerable<DapRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, RecordErrors.StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var csv = new CsvRecordReader(text);
        var names = await csv.ReadRowAsync(cancellationToken).ConfigureAwait(false);
        if (names is null)
        {
            yield break;
        }

        var header = RecordHeader.Parse(names.Select(n => n ?? "NULL").ToList(), Format);
        while (true)
        {
            var line = csv._line;
            var row = await csv.ReadRowAsync(cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                yield break;
            }

            if (row.Count == 1 && row[0] is null && header.Count > 1)
            {
                continue; // a blank line
            }

            yield return header.Build(row, Format, line);
        }
    }

    private async ValueTask<List<string?>?> ReadRowAsync(CancellationToken cancellationToken)
    {
        if (!await HasMoreAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var row = new List<string?>();
        while (true)
        {
            var (field, quoted) = await ReadFieldAsync(cancellationToken).ConfigureAwait(false);
            row.Add(quoted ? field : field is "" or "NULL" ? null : field);
            if (!await HasMoreAsync(cancellationToken).ConfigureAwait(false))
            {
                return row;
            }

            var separator = _buffer[_position++];
            if (separator == ',')
            {
                continue;
            }

            if (separator == '\r' && await HasMoreAsync(cancellationToken).ConfigureAwait(false) && _buffer[_position] == '\n')
            {
                _position++;
            }
            else if (separator != '\n')
            {
                throw RecordErrors.Invalid(Format, _line, null, $"unexpected '{separator}' after a field");
            }

            _line++;
            return row;
        }
    }

    private async ValueTask<(string Text, bool Quoted)> ReadFieldAsync(CancellationToken cancellationToken)
    {
        _field.Clear();
        if (await HasMoreAsync(cancellationToken).ConfigureAwait(false) && _buffer[_position] == '"')
        {
            _position++;
            var startLine = _line;
            while (true)
            {
                if (!await HasMoreAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw RecordErrors.Invalid(Format, startLine, null, "a quoted field is not closed before the end of the file");
                }

                var c = _buffer[_position++];
                if (c == '"')
                {
                    if (await HasMoreAsync(cancellationToken).ConfigureAwait(false) && _buffer[_position] == '"')
                    {
                        _position++;
                        _field.Append('"');
                        continue;
                    }
                    return (_field.ToString(), true);
                }
                if (c == '\n')
                {
                    _line++;
                }

                _field.Append(c);
            }
        }
        while (await HasMoreAsync(cancellationToken).ConfigureAwait(false))
        {
            var c = _buffer[_position];
            if (c is ',' or '\n' or '\r')
            {
                break;
            }

            _field.Append(c);
            _position++;
        }
        return (_field.ToString(), false);
    }

    private async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        if (_position < _length)
        {
            return true;
        }

        try
        {
            _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw RecordErrors.InvalidEncoding(Format, _line, ex);
        }
        _position = 0;
        return _length > 0;
    }
}
