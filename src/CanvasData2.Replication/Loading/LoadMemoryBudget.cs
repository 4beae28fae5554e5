namespace CanvasData2.Replication.Loading;

/// <summary>
/// The memory that loads may use beyond their fixed buffers (about 9 MiB each, see TsvCopyLoader): one
/// line longer than a chunk, and the room to convert it. One load at a time holds it (the others wait for it when
/// they meet a long line), so peak memory is (concurrent loads × fixed buffers) + <see cref="TotalBytes"/>,
/// whatever the input; a line that would need more fails, naming table, object and line.
/// </summary>
internal sealed class LoadMemoryBudget(long totalBytes) : IDisposable
{
    private readonly SemaphoreSlim _holder = new(1, 1);

    // A long line's buffers, kept for the next one: reallocating them per line left hundreds of MB of large-object
    // garbage between collections. At most the budget is kept; only the holder rents and returns.
    private readonly List<byte[]> _spares = [];

    public long TotalBytes => totalBytes;

    /// <summary>Waits until no other load holds the budget, then holds it.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _holder.WaitAsync(cancellationToken);

    public void Exit() => _holder.Release();

    /// <summary>The smallest spare of at least <paramref name="size"/> bytes, else a new array of that size.</summary>
    public byte[] Rent(int size)
    {
        lock (_spares)
        {
            var best = _spares.Where(s => s.Length >= size).MinBy(s => s.Length);
            if (best is not null)
            {
                _spares.Remove(best);
                return best;
            }

            // A longer line than any before: its buffers are all new, so the smaller spares would only add to them.
            _spares.Clear();
        }

        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>Keeps <paramref name="buffer"/> for reuse; the smallest spares go first when they would exceed the budget.</summary>
    public void Return(byte[] buffer)
    {
        lock (_spares)
        {
            _spares.Add(buffer);
            _spares.Sort((a, b) => b.Length.CompareTo(a.Length));
            long kept = 0;
            _spares.RemoveAll(s => (kept += s.Length) > totalBytes);
        }
    }

    public void Dispose() => _holder.Dispose();
}
