namespace CanvasData2.Dap.Pacing;

/// <summary>
/// Waits for a start booked on a <see cref="RollingWindowSchedule"/> (thread-safe, real time). The
/// orchestration's job slots come from the same schedule rule, so a job started in its slot finds its permit
/// here without a further wait. (System.Threading.RateLimiting's sliding window frees permits only segment by
/// segment, which would delay such a job by up to a segment.)
/// </summary>
internal sealed class RollingWindowPacer(int permits, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly RollingWindowSchedule _schedule = new(permits, window);

    public async ValueTask WaitAsync(Action onWait, CancellationToken cancellationToken)
    {
        var start = Reserve();
        var delay = start - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        onWait();
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _schedule.Release(start); // a call that never ran gives its place back
            }

            throw;
        }
    }

    /// <summary>Books the earliest start that keeps the limit and arrival order.</summary>
    internal DateTimeOffset Reserve()
    {
        lock (_lock)
        {
            return _schedule.Next(time.GetUtcNow());
        }
    }
}
