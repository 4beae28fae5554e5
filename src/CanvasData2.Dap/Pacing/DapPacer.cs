using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap.Pacing;

/// <summary>
/// Keeps job creation and table listing under DAP's per-minute limits for every client in this process
/// that uses the same API and credentials (the limits are per account, not per <see cref="DapClient"/>).
/// Callers queue in arrival order; a call waits for a slot rather than spending a 429.
/// </summary>
internal sealed partial class DapPacer
{
    private static readonly ConcurrentDictionary<PacerKey, DapPacer> Shared = new();

    private DapPacer(PacerKey key)
    {
        JobCreation = new RollingWindowPacer(key.JobCreations, key.Window, TimeProvider.System);
        TableListing = new RollingWindowPacer(key.TableListings, key.Window, TimeProvider.System);
    }

    public RollingWindowPacer JobCreation { get; }

    public RollingWindowPacer TableListing { get; }

    /// <summary>The process-wide pacer for these options, or null when pacing is switched off.</summary>
    public static DapPacer? For(DapClientOptions options) =>
        options.Pacing
            ? Shared.GetOrAdd(
                new PacerKey(options.BaseUrl.AbsoluteUri, options.ClientId, options.PacingWindow, options.JobCreationsPerWindow, options.TableListingsPerWindow),
                static key => new DapPacer(key))
            : null;

    /// <summary>Waits for a slot; nothing to release (a slot counts for one window from its start).</summary>
    public static ValueTask WaitAsync(RollingWindowPacer pacer, string operation, ILogger logger, CancellationToken cancellationToken)
        => pacer.WaitAsync(() => LogWaiting(logger, operation), cancellationToken);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Pacing: waiting for a free slot for DAP {Operation} (per-minute limit)")]
    private static partial void LogWaiting(ILogger logger, string operation);

    private sealed record PacerKey(string BaseUrl, string ClientId, TimeSpan Window, int JobCreations, int TableListings);
}
