namespace CanvasData2.Replication.Loading;

/// <summary>
/// The memory that loads may use beyond their fixed buffers (<see cref="TsvCopyLoader.FixedBytes"/> each): one
/// line longer than a chunk, and the room to convert it. One load at a time holds it (the others wait for it when
/// they meet a long line), so peak memory is (concurrent loads × fixed buffers) + <see cref="TotalBytes"/>,
/// whatever the input; a line that would need more fails, naming table, object and line.
/// </summary>
internal sealed class LoadMemoryBudget(long totalBytes) : IDisposable
{
    private readonly SemaphoreSlim _holder = new(1, 1);

    public long TotalBytes => totalBytes;

    /// <summary>Waits until no other load holds the budget, then holds it.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _holder.WaitAsync(cancellationToken);

    public void Exit() => _holder.Release();

    public void Dispose() => _holder.Dispose();
}
