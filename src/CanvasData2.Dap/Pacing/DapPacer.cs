using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap.Pacing;

/// <summary>
/// Keeps job creation and table listing under DAP's per-minute limits for every client in this process
/// that uses the same API and credentials (the limits are per account, not per <see cref="DapClient"/>).
/// Callers queue in arrival order; a call waits for a slot rather than spending a 429.
/// </summary>
internal sealed partial class DapPacer
{
    // A sliding window frees a segment's permits only S ticks after that segment began, so a permit used at
    // the very end of a segment would come back after (S-1) segments. Stretching the window by S/(S-1)
    // guarantees at most N calls in *any* rolling window of the documented length.
    private const int Segments = 6;

    private static readonly ConcurrentDictionary<PacerKey, DapPacer> Shared = new();

    private DapPacer(PacerKey key)
    {
        var window = key.Window * Segments / (Segments - 1);
        JobCreation = Create(key.JobCreations, window);
        TableListing = Create(key.TableListings, window);
    }

    public RateLimiter JobCreation { get; }

    public RateLimiter TableListing { get; }

    /// <summary>The process-wide pacer for these options, or null when pacing is switched off.</summary>
    public static DapPacer? For(DapClientOptions options) =>
        options.Pacing
            ? Shared.GetOrAdd(
                new PacerKey(options.BaseUrl.AbsoluteUri, options.ClientId, options.PacingWindow, options.JobCreationsPerWindow, options.TableListingsPerWindow),
                static key => new DapPacer(key))
            : null;

    /// <summary>Waits for a slot; the lease needs no release (permits come back as the window slides).</summary>
    public static async ValueTask WaitAsync(RateLimiter limiter, string operation, ILogger logger, CancellationToken cancellationToken)
    {
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
            return;
        LogWaiting(logger, operation);
        using var queued = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!queued.IsAcquired)
            throw new InvalidOperationException($"The DAP pacer refused a slot for {operation}.");
    }

    private static SlidingWindowRateLimiter Create(int permits, TimeSpan window) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = Segments,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        QueueLimit = int.MaxValue,
        AutoReplenishment = true,
    });

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Pacing: waiting for a free slot for DAP {Operation} (per-minute limit)")]
    private static partial void LogWaiting(ILogger logger, string operation);

    private sealed record PacerKey(string BaseUrl, string ClientId, TimeSpan Window, int JobCreations, int TableListings);
}
