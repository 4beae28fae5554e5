using DurableTask.Core;
using DurableTask.Core.Serializing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// The in-memory durable store with a tap on everything written to it (history events, messages, instance state),
/// serialized as DurableTask.Core serializes it: what a durable store would persist, for the secret tests to read.
/// Every other member passes straight to the store.
/// </summary>
internal sealed class TappedStore(ILoggerFactory loggerFactory, Action<string> tap) : IOrchestrationService, IOrchestrationServiceClient
{
    private static readonly JsonDataConverter Serializer = new();
    private readonly InMemoryOrchestrationService _store = new(loggerFactory);

    // Through the interfaces, as the dispatchers and the client reach the store (it implements some members explicitly).
#pragma warning disable CA1859
    private IOrchestrationService Service => _store;

    private IOrchestrationServiceClient Client => _store;
#pragma warning restore CA1859

    public int TaskOrchestrationDispatcherCount => Service.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => Service.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => Service.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => Service.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => Service.MaxConcurrentTaskActivityWorkItems;

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        tap(Serializer.Serialize(responseMessage));
        return Service.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        tap(Serializer.Serialize(new { newOrchestrationRuntimeState.Events, outboundMessages, orchestratorMessages, timerMessages, orchestrationState }));
        return Service.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task StartAsync() => Service.StartAsync();

    public Task StopAsync() => Service.StopAsync();

    public Task StopAsync(bool isForced) => Service.StopAsync(isForced);

    public Task CreateAsync() => Service.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => Service.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => Service.CreateIfNotExistsAsync();

    public Task DeleteAsync() => Service.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => Service.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => Service.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => Service.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => Service.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => Service.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Service.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Service.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Service.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => Service.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Service.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => Service.AbandonTaskActivityWorkItemAsync(workItem);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => Client.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => Client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => Client.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => Client.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
        => Client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => Client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => Client.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => Client.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => Client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
        => Client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);
}
