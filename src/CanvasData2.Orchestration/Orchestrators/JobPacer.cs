namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>
/// Hands out job start slots so that no more than <c>perMinute</c> slots fall in any 60-second window.
/// Pure and deterministic: it only sees the orchestration clock passed in, so replays give the same slots.
/// </summary>
internal sealed class JobPacer(int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly int _perMinute = Math.Max(1, perMinute);
    private readonly List<DateTime> _slots = [];

    public DateTime Next(DateTime nowUtc)
    {
        var slot = nowUtc;
        if (_slots.Count >= _perMinute)
        {
            var windowFreesAt = _slots[^_perMinute] + Window;
            if (windowFreesAt > slot)
            {
                slot = windowFreesAt;
            }
        }

        _slots.Add(slot);
        return slot;
    }
}
