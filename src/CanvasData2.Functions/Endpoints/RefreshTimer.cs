using CanvasData2.Functions.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Functions.Endpoints;

/// <summary>The scheduled refresh (<c>CD2_SCHEDULE</c>) and the daily purge of old orchestration histories.</summary>
public sealed partial class RefreshTimer(ILogger<RefreshTimer> logger)
{
    [Function("ScheduledRefresh")]
    public async Task ScheduledRefresh(
        [TimerTrigger("%CD2_SCHEDULE%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = Settings(context);
        if (await RefreshStarter.TryStartAsync(client, settings.ToRequest(), context.CancellationToken).ConfigureAwait(false))
        {
            LogStarted(RefreshStarter.InstanceId);
        }
        else
        {
            LogSkipped(RefreshStarter.InstanceId);
        }
    }

    [Function("PurgeHistory")]
    public async Task PurgeHistory([TimerTrigger("0 30 2 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-Settings(context).HistoryRetentionDays);
        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(null, cutoff, HistoryPurge.FinishedStatuses), context.CancellationToken).ConfigureAwait(false);
        LogPurged(result.PurgedInstanceCount, cutoff);
    }

    private static FunctionSettings Settings(FunctionContext context)
        => (FunctionSettings)context.InstanceServices.GetService(typeof(FunctionSettings))!;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Scheduled refresh started as {InstanceId}")]
    private partial void LogStarted(string instanceId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Scheduled refresh skipped: {InstanceId} is still running")]
    private partial void LogSkipped(string instanceId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Purged {Count} orchestration histories created before {Cutoff}")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);
}
