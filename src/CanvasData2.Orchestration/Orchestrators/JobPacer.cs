using CanvasData2.Dap.Pacing;

namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>
/// Hands out job start slots so that no more than <c>perMinute</c> slots fall in any 60-second window — the DAP
/// client's own pacing rule (<see cref="RollingWindowSchedule"/>), so a job started in its slot does not wait there.
/// Deterministic: it only sees the orchestration clock passed in, so replays give the same slots.
/// </summary>
internal sealed class JobPacer(int perMinute)
{
    private readonly RollingWindowSchedule _schedule = new(perMinute, TimeSpan.FromMinutes(1));

    public DateTime Next(DateTime nowUtc) => _schedule.Next(new DateTimeOffset(nowUtc, TimeSpan.Zero)).UtcDateTime;
}
