using System.Text;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>
/// Splits text on LF only (DAP files use LF; a CR is data, unlike <see cref="TextReader.ReadLineAsync()"/>),
/// with lines up to <see cref="MaxLineChars"/> and a bounded buffer between lines. A longer line is a protocol
/// error instead of a buffer that grows without bound.
/// </summary>
internal sealed class LfLineReader(TextReader reader, string format, int maxLineChars = LfLineReader.MaxLineChars)
{
    /// <summary>Default longest line: 64 Mi characters, far above any real DAP row.</summary>
    public const int MaxLineChars = 64 << 20;

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _long = new();
    private int _position;
    private int _length;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its LF, or null at the end; a final line without LF is returned too.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _long.Clear();
        var pending = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_length == 0)
                {
                    if (!pending)
                    {
                        return null;
                    }

                    LineNumber++;
                    return _long.ToString();
                }
            }
            var end = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            if (end >= 0)
            {
                string line;
                if (pending)
                {
                    line = _long.Append(_buffer, _position, end - _position).ToString();
                }
                else
                {
                    line = new string(_buffer, _position, end - _position);
                }

                _position = end + 1;
                LineNumber++;
                return line;
            }
            if (_long.Length + (_length - _position) > maxLineChars)
            {
                throw RecordErrors.Invalid(format, LineNumber + 1, null, $"the line is longer than {maxLineChars} characters");
            }

            _long.Append(_buffer, _position, _length - _position);
            _position = _length;
            pending = true;
        }
    }
}
