using CanvasData2.Functions.Configuration;
using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// The scheduled refresh (<c>CD2_SCHEDULE</c>), started as <c>cd2-refresh-{slot}-timer</c>, and the daily purge of
/// run histories older than <c>CD2_HISTORY_RETENTION_DAYS</c>.
/// </summary>
public sealed partial class RefreshTimer(FunctionSettings settings, TimeProvider clock, ILogger<RefreshTimer> logger)
{
    [Function("ScheduledRefresh")]
    public async Task ScheduledRefresh(
        [TimerTrigger("%CD2_SCHEDULE%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // NCRONTAB fires on the second: every fire of one occurrence (a retry, a second host instance) falls
        // in the same minute, so the minute is the slot and a double fire finds its slot taken.
        var slot = RefreshRunId.ForSlot(clock.GetUtcNow());
        var slotRunId = slot.ToString();
        var start = await RefreshStarter.TryStartAsync(client, settings.ToRequest(), slot, context.CancellationToken).ConfigureAwait(false);
        if (start.Started)
        {
            LogStarted(start.RunId);
        }
        else
        {
            LogSkipped(slotRunId, start.RunId);
        }
    }

    [Function("PurgeHistory")]
    public async Task PurgeHistory([TimerTrigger("0 30 2 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        // By age: every instance (runs and their table sub-orchestrations) created before the cutoff and finished.
        var cutoff = clock.GetUtcNow().AddDays(-settings.HistoryRetentionDays);
        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(null, cutoff, RunHistory.FinishedStatuses), context.CancellationToken).ConfigureAwait(false);
        LogPurged(result.PurgedInstanceCount, cutoff);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Scheduled refresh started as {RunId}")]
    private partial void LogStarted(string runId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Scheduled refresh {SlotRunId} not started: {RunId} holds the slot or is still running")]
    private partial void LogSkipped(string slotRunId, string runId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Purged {Count} orchestration histories created before {Cutoff}")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);
}
