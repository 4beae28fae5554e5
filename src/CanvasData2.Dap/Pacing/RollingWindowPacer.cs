namespace CanvasData2.Dap.Pacing;

/// <summary>
/// At most <c>permits</c> calls in any rolling window of <c>window</c>, granted in arrival order. Each call
/// reserves the earliest start that keeps the limit (the start of the call <c>permits</c> places earlier plus
/// the window) and waits until then. The orchestration's job pacer hands out slots by the same rule, so a job
/// started in its slot finds its permit here without a further wait. (System.Threading.RateLimiting's
/// sliding window frees permits only segment by segment, which would delay such a job by up to a segment.)
/// </summary>
internal sealed class RollingWindowPacer(int permits, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _starts = []; // non-decreasing: every reservation is at or after the previous one

    public async ValueTask WaitAsync(Action onWait, CancellationToken cancellationToken)
    {
        var start = Reserve();
        var delay = start - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
            return;
        onWait();
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A call that never ran gives its place back; later reservations only become more cautious.
            lock (_lock)
                _starts.Remove(start);
            throw;
        }
    }

    /// <summary>Books the earliest start that keeps the limit and arrival order.</summary>
    internal DateTimeOffset Reserve()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            // Starts older than one window no longer count, but the last `permits` are kept to place the next one.
            var expired = _starts.FindIndex(s => s + window > now);
            var drop = Math.Min(expired < 0 ? _starts.Count : expired, Math.Max(0, _starts.Count - permits));
            _starts.RemoveRange(0, drop);

            var start = _starts.Count >= permits ? Max(now, _starts[^permits] + window) : now;
            if (_starts.Count > 0 && start < _starts[^1])
                start = _starts[^1]; // keep arrival order
            _starts.Add(start);
            return start;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
