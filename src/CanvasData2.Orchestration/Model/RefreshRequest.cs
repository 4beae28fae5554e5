namespace CanvasData2.Orchestration;

/// <summary>
/// Input of <see cref="RefreshOrchestrator"/>. Table names in <see cref="IncludeTables"/> and
/// <see cref="SkipTables"/> are either bare (<c>accounts</c>, any namespace) or qualified (<c>canvas.accounts</c>).
/// <see cref="Reinit"/> loads every table of the run from a fresh snapshot even when it could sync (a repair:
/// swapped in atomically like any init, keeping grants, dependent views and, in windowed namespaces, older rows).
/// </summary>
public sealed record RefreshRequest(
    IReadOnlyList<string>? Namespaces = null,
    IReadOnlyList<string>? IncludeTables = null,
    IReadOnlyList<string>? SkipTables = null,
    int MaxParallelTables = RefreshRequest.DefaultMaxParallelTables,
    bool Pacing = true,
    RefreshTuning? Tuning = null,
    bool Reinit = false)
{
    /// <summary>The namespace refreshed when none is named, in either host.</summary>
    public const string DefaultNamespace = "canvas";

    /// <summary>Tables worked on at once when nothing else is set, in either host.</summary>
    public const int DefaultMaxParallelTables = 8;

    /// <summary>The namespaces to refresh (<see cref="DefaultNamespace"/> when none are given).</summary>
    public IReadOnlyList<string> EffectiveNamespaces => Namespaces is { Count: > 0 } ? Namespaces : [DefaultNamespace];

    public RefreshTuning EffectiveTuning => Tuning ?? RefreshTuning.Default;
}

/// <summary>
/// Timings and limits of a refresh. The defaults suit DAP in production; tests shorten the waits.
/// </summary>
public sealed record RefreshTuning(
    int JobsPerMinute = 5,
    double PollFirstSeconds = 2,
    double PollMaxSeconds = 30,
    double JobTimeoutMinutes = 120,
    int MaxParallelObjects = 4,
    int RetryMaxAttempts = 5,
    double RetryFirstSeconds = 5,
    double RetryMaxSeconds = 120,
    double RateLimitWaitSeconds = 60,
    int RateLimitMaxWaits = 10,
    double BusyWaitSeconds = 30,
    int BusyMaxWaits = 10,
    int MaxRequeries = 2)
{
    public static RefreshTuning Default { get; } = new();
}
