using System.Buffers;
using System.Globalization;
using System.Text;
using CanvasData2.Model;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// Streams one decompressed DAP TSV object into a COPY text stream: reads the header, then passes each line's
/// bytes through, cutting out meta fields and rewriting only the few fields that need it (<see cref="FieldOp"/>).
/// Works on large pooled byte buffers; no per-row allocation.
/// </summary>
internal sealed partial class TsvCopyLoader : IDisposable
{
    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// Buffers up to this size come from the shared pool; larger ones (long lines only) from the budget. So one load
    /// holds outside the <see cref="LoadMemoryBudget"/> the input chunk and output and conversion buffers of at most
    /// this size each (a chunk's output is flushed once it passes a chunk): about 9 MiB.
    /// </summary>
    private const int PooledMax = 4 * ChunkSize;

    private static readonly byte[] TruncatedMarker = Encoding.UTF8.GetBytes(DapValues.OversizedTruncatedSuffix);

    private readonly Stream _input;
    private readonly TableName _table;
    private readonly string _objectId;
    private readonly int _maxLineBytes;
    private readonly LoadMemoryBudget _budget;
    private bool _holdsBudget;
    private TsvCopyPlan? _plan;
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

    private TsvCopyLoader(Stream input, TableName table, string objectId, int maxLineBytes, LoadMemoryBudget budget)
    {
        _input = input;
        _table = table;
        _objectId = objectId;
        _maxLineBytes = maxLineBytes;
        _budget = budget;
        _in = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _out = ArrayPool<byte>.Shared.Rent(ChunkSize + (ChunkSize / 2));
        _scratch = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>After <see cref="CopyRowsAsync"/>: how many values DAP replaced by <see cref="DapValues.OversizedTruncated"/>.</summary>
    public long TruncatedValues { get; private set; }

    /// <summary>After <see cref="CopyRowsAsync"/>: the rows' key fingerprints (<see cref="KeyFingerprints.Result"/>), or null.</summary>
    public byte[]? KeyFingerprintBytes() => _fingerprints?.Result();

    /// <summary>Header field names (<c>meta.ts</c>, <c>key.id</c>, <c>value.x</c>, ...) in file order.</summary>
    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>
    /// Reads the header line of object <paramref name="objectId"/> of <paramref name="table"/> (both named in every
    /// error). An empty object has an empty header. A line longer than <paramref name="maxLineBytes"/>, or whose
    /// conversion would need more than the <paramref name="budget"/>, fails the object.
    /// </summary>
    public static async Task<TsvCopyLoader> OpenAsync(
        Stream input, TableName table, string objectId, int maxLineBytes, LoadMemoryBudget budget, CancellationToken cancellationToken)
    {
        var loader = new TsvCopyLoader(input, table, objectId, maxLineBytes, budget);
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

    /// <summary>The placeholder's occurrences (any spelling) in whole lines (a vectorized search; the placeholder is rare).</summary>
    private static int CountTruncated(ReadOnlySpan<byte> lines)
    {
        var count = 0;
        for (var at = lines.IndexOf(TruncatedMarker); at >= 0; at = lines.IndexOf(TruncatedMarker))
        {
            count++;
            lines = lines[(at + TruncatedMarker.Length)..];
        }

        return count;
    }

    /// <summary>
    /// Copies every data line to <paramref name="copy"/>, each followed by its order value (<paramref name="orderBase"/>
    /// + line number: <see cref="TsvCopyPlan.OrderColumn"/>); returns the number of rows sent.
    /// </summary>
    public async Task<long> CopyRowsAsync(TsvCopyPlan plan, Stream copy, long orderBase, CancellationToken cancellationToken)
    {
        _orderBase = orderBase;
        _plan = plan;
        _fingerprints = plan.FingerprintKeys is null ? null : new KeyFingerprints(plan.KeyCount);
        long rows = 0;
        while (true)
        {
            var data = _in.AsSpan(_start, _filled - _start);
            var lastNewline = data.LastIndexOf((byte)'\n');
            if (lastNewline >= 0 || (_eof && data.Length > 0))
            {
                if (_holdsBudget)
                {
                    // A long line is here: size the conversion buffers once, within what the budget admitted.
                    Resize(ref _out, OutRoom(_in.Length));
                    Resize(ref _scratch, ScratchRoom(_in.Length));
                }

                var complete = lastNewline >= 0 ? data[..(lastNewline + 1)] : data;
                TruncatedValues += CountTruncated(complete);
                var (lines, consumed) = ProcessLines(plan, complete);
                rows += lines;
                _start += consumed;
            }
            else if (_eof)
            {
                await FlushAsync(copy, cancellationToken).ConfigureAwait(false);
                return rows;
            }

            await FlushAsync(copy, cancellationToken).ConfigureAwait(false);
            LeaveBudgetWhenDone();
            if (_start == _filled || _in.AsSpan(_start, _filled - _start).IndexOf((byte)'\n') < 0)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        Free(_in);
        Free(_out);
        Free(_scratch);
        if (_holdsBudget)
        {
            _holdsBudget = false;
            _budget.Exit();
        }
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
            // The unread bytes hold no newline: they are one unfinished line, longer than any chunk.
            CheckLength(remaining, _line + 1);
            var size = (int)Math.Min(_in.Length * 2L, _maxLineBytes + 1L);
            await EnterBudgetAsync(size, cancellationToken).ConfigureAwait(false);
            var bigger = Allocate(size);
            _in.AsSpan(_start, remaining).CopyTo(bigger);
            Free(_in);
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
            var bigger = Allocate(Math.Max(Math.Min(_out.Length * 2, PooledMax), _outLength + size));
            _out.AsSpan(0, _outLength).CopyTo(bigger);
            Free(_out);
            _out = bigger;
        }

        return _out.AsSpan(_outLength, size);
    }

    /// <summary>
    /// Before the input buffer grows to <paramref name="size"/> for a long line: holds the budget (waiting for
    /// another load's long line to be done) and checks that the line's conversion fits it.
    /// </summary>
    private async Task EnterBudgetAsync(int size, CancellationToken cancellationToken)
    {
        if (!_holdsBudget)
        {
            await _budget.EnterAsync(cancellationToken).ConfigureAwait(false);
            _holdsBudget = true;
        }

        var need = (long)size + OutRoom(size) + ScratchRoom(size);
        if (need > _budget.TotalBytes)
        {
            throw new ReplicationException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Table {_table}: object {_objectId} line {_line + 1} is longer than {size / 2} bytes, and converting it needs about {need >> 20} MiB, more than the load memory budget of {_budget.TotalBytes >> 20} MiB (ReplicaOptions.LoadMemoryBudgetBytes); nothing of the object was kept."),
                _table);
        }
    }

    /// <summary>After a long line is sent: back to the fixed buffers, and the budget to the next load.</summary>
    private void LeaveBudgetWhenDone()
    {
        var remaining = _filled - _start;
        if (!_holdsBudget || remaining > ChunkSize / 2)
        {
            return;
        }

        var small = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _in.AsSpan(_start, remaining).CopyTo(small);
        Free(_in);
        _in = small;
        _start = 0;
        _filled = remaining;
        Resize(ref _out, ChunkSize + (ChunkSize / 2));
        Resize(ref _scratch, 4096);
        _holdsBudget = false;
        _budget.Exit();
    }

    /// <summary>Output room for one chunk of input of up to <paramref name="inSize"/> bytes: a chunk before the flush, plus the longest line converted.</summary>
    private int OutRoom(int inSize)
        => (int)Math.Min(int.MaxValue, (HasArrays ? 2L : 1L) * inSize + ChunkSize + 64 + (32L * (_plan?.Ops.Length ?? 0)));

    /// <summary>The JSON and the array literal of array fields (<see cref="WriteArray"/>).</summary>
    private int ScratchRoom(int inSize) => HasArrays ? 2 * (inSize + 16) : 4096;

    private bool HasArrays => _plan?.Ops.Contains(FieldOp.JsonArray) == true;

    /// <summary>Replaces an empty buffer with one of at least <paramref name="size"/> bytes (a pooled one for small sizes).</summary>
    private void Resize(ref byte[] buffer, int size)
    {
        var fits = buffer.Length >= size && (buffer.Length <= PooledMax) == (size <= PooledMax);
        if (!fits)
        {
            Free(buffer);
            buffer = Allocate(size);
        }
    }

    /// <summary>Small buffers from the shared pool; a long line's from the budget's spares (reused, not left to the collector).</summary>
    private byte[] Allocate(int size) => size <= PooledMax ? ArrayPool<byte>.Shared.Rent(size) : _budget.Rent(size);

    private void Free(byte[] buffer)
    {
        if (buffer.Length <= PooledMax)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else
        {
            _budget.Return(buffer);
        }
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
