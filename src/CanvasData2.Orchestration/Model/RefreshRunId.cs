using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CanvasData2.Orchestration;

/// <summary>What started a refresh; the last part of its <see cref="RefreshRunId"/>.</summary>
public enum RefreshTrigger
{
    /// <summary>"timer": the schedule (<c>CD2_SCHEDULE</c>); the id's time is the schedule slot.</summary>
    Timer,

    /// <summary>"manual": <c>POST /api/refresh</c>.</summary>
    Manual,

    /// <summary>"cli": <c>cd2 refresh</c> (and the other cd2 commands that run the orchestration) on one machine.</summary>
    Cli,
}

/// <summary>
/// The instance id of one refresh run, <c>cd2-refresh-20261202T030000Z-timer</c>: ids sort by start time and
/// say what started the run. Each run keeps its own history (the monitor lists every run); the table
/// sub-orchestrations are named <c>{run id}:{namespace}.{table}</c>, so they sort under their run.
/// </summary>
public sealed record RefreshRunId(DateTimeOffset StartedAt, RefreshTrigger Trigger)
{
    /// <summary>Every run id starts with this; sub-orchestration ids too (they add <c>:ns.table</c>).</summary>
    public const string Prefix = "cd2-refresh-";

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int TimeLength = 16;

    private static readonly Dictionary<string, RefreshTrigger> Triggers =
        Enum.GetValues<RefreshTrigger>().ToDictionary(t => t.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>A run starting at <paramref name="at"/>, to the second (UTC).</summary>
    public static RefreshRunId At(DateTimeOffset at, RefreshTrigger trigger)
        => new(new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero), trigger);

    /// <summary>The id of the scheduled run of the minute <paramref name="firedAt"/> falls in: two fires of one slot get one id.</summary>
    public static RefreshRunId ForSlot(DateTimeOffset firedAt)
        => new(new DateTimeOffset(firedAt.UtcTicks - (firedAt.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero), RefreshTrigger.Timer);

    /// <summary>The id of the table sub-orchestration of this run.</summary>
    public static string TableInstanceId(string runId, string ns, string table) => $"{runId}:{ns}.{table}";

    /// <summary>Lower-case name of the trigger, as in the id.</summary>
    public string TriggerName => Trigger.ToString().ToLowerInvariant();

    /// <summary>The same trigger one second later (a manual id whose second is taken by an earlier run).</summary>
    public RefreshRunId Next() => this with { StartedAt = StartedAt.AddSeconds(1) };

    public override string ToString()
        => $"{Prefix}{StartedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{TriggerName}";

    /// <summary>Parses a run id; false for anything else (sub-orchestration ids, the old fixed <c>cd2-refresh</c>, junk).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out RefreshRunId? id)
    {
        id = null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        if (dash != TimeLength
            || !DateTime.TryParseExact(rest[..dash], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            || !TryParseTrigger(rest[(dash + 1)..].ToString(), out var trigger))
        {
            return false;
        }

        id = new RefreshRunId(new DateTimeOffset(time, TimeSpan.Zero), trigger);
        return id.ToString() == value;
    }

    private static bool TryParseTrigger(string name, out RefreshTrigger trigger) => Triggers.TryGetValue(name, out trigger);
}
