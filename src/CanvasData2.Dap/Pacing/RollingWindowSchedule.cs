namespace CanvasData2.Dap.Pacing;

/// <summary>
/// The pacing rule for DAP's per-minute limits: at most <c>permits</c> starts in any rolling window of
/// <c>window</c>, in the order they are asked for. Each start is the earliest that keeps the limit: now, or
/// the start <c>permits</c> places earlier plus the window, and never before the previous start. Pure (the
/// caller passes the time), so the client's pacer and the orchestration's deterministic job slots share it.
/// Not thread-safe.
/// </summary>
public sealed class RollingWindowSchedule(int permits, TimeSpan window)
{
    private readonly int _permits = Math.Max(1, permits);
    private readonly List<DateTimeOffset> _starts = []; // non-decreasing

    /// <summary>Books and returns the earliest start at or after <paramref name="now"/> that keeps the limit.</summary>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        // Starts older than one window no longer count, but the last `permits` are kept to place the next one.
        var expired = _starts.FindIndex(s => s + window > now);
        var drop = Math.Min(expired < 0 ? _starts.Count : expired, Math.Max(0, _starts.Count - _permits));
        _starts.RemoveRange(0, drop);

        var start = _starts.Count >= _permits ? Max(now, _starts[^_permits] + window) : now;
        if (_starts.Count > 0)
        {
            start = Max(start, _starts[^1]); // keep arrival order
        }

        _starts.Add(start);
        return start;
    }

    /// <summary>Gives back a booked start that was never used; later starts only become more cautious.</summary>
    public void Release(DateTimeOffset start) => _starts.Remove(start);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
