using System.Buffers;
using System.Globalization;
using System.Text;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// Streams one decompressed DAP TSV object into a COPY text stream: reads the header, then passes each line's
/// bytes through, cutting out meta fields and rewriting only the few fields that need it (<see cref="FieldOp"/>).
/// Works on large pooled byte buffers; no per-row allocation.
/// </summary>
internal sealed partial class TsvCopyLoader : IDisposable
{
    private const int ChunkSize = 1 << 20;

    private readonly Stream _input;
    private readonly TableName _table;
    private readonly string _objectId;
    private readonly int _maxLineBytes;
    private byte[] _in;
    private int _start;
    private int _filled;
    private bool _eof;
    private byte[] _out;
    private int _outLength;
    private byte[] _scratch;
    private long _line;
    private long _orderBase;
    private KeyFingerprints? _fingerprints;

    private TsvCopyLoader(Stream input, TableName table, string objectId, int maxLineBytes)
    {
        _input = input;
        _table = table;
        _objectId = objectId;
        _maxLineBytes = maxLineBytes;
        _in = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _out = ArrayPool<byte>.Shared.Rent(ChunkSize + (ChunkSize / 2));
        _scratch = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>After <see cref="CopyRowsAsync"/>: the rows' key fingerprints (<see cref="KeyFingerprints.Result"/>), or null.</summary>
    public byte[]? KeyFingerprintBytes() => _fingerprints?.Result();

    /// <summary>Header field names (<c>meta.ts</c>, <c>key.id</c>, <c>value.x</c>, ...) in file order.</summary>
    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>
    /// Reads the header line of object <paramref name="objectId"/> of <paramref name="table"/> (both named in every
    /// error). An empty object has an empty header. A line longer than <paramref name="maxLineBytes"/> fails the object.
    /// </summary>
    public static async Task<TsvCopyLoader> OpenAsync(Stream input, TableName table, string objectId, int maxLineBytes, CancellationToken cancellationToken)
    {
        var loader = new TsvCopyLoader(input, table, objectId, maxLineBytes);
        try
        {
            await loader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            return loader;
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies every data line to <paramref name="copy"/>, each followed by its order value (<paramref name="orderBase"/>
    /// + line number: <see cref="TsvCopyPlan.OrderColumn"/>); returns the number of rows sent.
    /// </summary>
    public async Task<long> CopyRowsAsync(TsvCopyPlan plan, Stream copy, long orderBase, CancellationToken cancellationToken)
    {
        _orderBase = orderBase;
        _fingerprints = plan.FingerprintKeys is null ? null : new KeyFingerprints(plan.KeyCount);
        long rows = 0;
        while (true)
        {
            var data = _in.AsSpan(_start, _filled - _start);
            var lastNewline = data.LastIndexOf((byte)'\n');
            if (lastNewline >= 0)
            {
                rows += ProcessLines(plan, data[..(lastNewline + 1)]);
                _start += lastNewline + 1;
            }
            else if (_eof)
            {
                if (data.Length > 0)
                {
                    rows += ProcessLines(plan, data);
                    _start = _filled;
                }

                await FlushAsync(copy, cancellationToken).ConfigureAwait(false);
                return rows;
            }

            await FlushAsync(copy, cancellationToken).ConfigureAwait(false);
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_in);
        ArrayPool<byte>.Shared.Return(_out);
        ArrayPool<byte>.Shared.Return(_scratch);
    }

    private async Task ReadHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _in.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
            if (newline >= 0 || _eof)
            {
                var end = newline >= 0 ? _start + newline : _filled;
                CheckLength(end - _start, 1);
                var text = Encoding.UTF8.GetString(_in, _start, end - _start);
                Header = text.Length == 0 ? [] : text.Split('\t');
                _start = newline >= 0 ? end + 1 : end;
                _line = 1;
                return;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves unread bytes to the front (growing the buffer for a line longer than it, up to the line limit) and reads more.
    /// </summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var remaining = _filled - _start;
        if (remaining == _in.Length)
        {
            // The unread bytes hold no newline: they are one unfinished line.
            CheckLength(remaining, _line + 1);
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_in.Length * 2L, _maxLineBytes + 1L));
            _in.AsSpan(_start, remaining).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_in);
            _in = bigger;
        }
        else if (_start > 0)
        {
            _in.AsSpan(_start, remaining).CopyTo(_in);
        }

        _start = 0;
        _filled = remaining;
        while (_filled < _in.Length)
        {
            var read = await _input.ReadAsync(_in.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            _filled += read;
            if (_filled - remaining >= ChunkSize / 2)
            {
                return;
            }
        }
    }

    /// <summary>A line (without its newline) longer than the limit fails the object before the buffer grows further.</summary>
    private void CheckLength(long length, long line)
    {
        if (length > _maxLineBytes)
        {
            throw new ReplicationException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Table {_table}: object {_objectId} line {line} is longer than {_maxLineBytes} bytes (ReplicaOptions.MaxLineBytes); nothing of the object was kept."),
                _table);
        }
    }

    private async Task FlushAsync(Stream copy, CancellationToken cancellationToken)
    {
        if (_outLength > 0)
        {
            await copy.WriteAsync(_out.AsMemory(0, _outLength), cancellationToken).ConfigureAwait(false);
            _outLength = 0;
        }
    }

    private Span<byte> Reserve(int size)
    {
        if (_outLength + size > _out.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_out.Length * 2, _outLength + size));
            _out.AsSpan(0, _outLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_out);
            _out = bigger;
        }

        return _out.AsSpan(_outLength, size);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _outLength += bytes.Length;
    }

    private void Append(byte b)
    {
        Reserve(1)[0] = b;
        _outLength++;
    }
}
