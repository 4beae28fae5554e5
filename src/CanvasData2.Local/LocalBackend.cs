using DurableTask.Core;
using DurableTask.Core.Serializing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Local;

/// <summary>
/// The in-memory durable store (Microsoft.DurableTask.InProcessTestHost) with <see cref="LocalRefreshHost.WorkItemSlots"/>
/// slots and an optional tap of everything written to it. The dispatchers call the store through
/// <see cref="IOrchestrationService"/>, whose implementation here re-maps just these members.
/// </summary>
internal sealed class LocalBackend(ILoggerFactory loggerFactory, Action<string>? storeTap)
    : InMemoryOrchestrationService(loggerFactory), IOrchestrationService
{
    private static readonly JsonDataConverter Serializer = new();

    /// <summary>The limits as the dispatchers read them: through the interface.</summary>
    public (int Activities, int Orchestrations) DispatchedSlots
        => (((IOrchestrationService)this).MaxConcurrentTaskActivityWorkItems, ((IOrchestrationService)this).MaxConcurrentTaskOrchestrationWorkItems);

    public new int MaxConcurrentTaskActivityWorkItems => LocalRefreshHost.WorkItemSlots;

    public new int MaxConcurrentTaskOrchestrationWorkItems => LocalRefreshHost.WorkItemSlots;

    public new Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        Tap(responseMessage);
        return base.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public new Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        Tap(new { newOrchestrationRuntimeState.Events, outboundMessages, orchestratorMessages, timerMessages, orchestrationState });
        return base.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    /// <summary>What a durable store would persist, serialized as DurableTask.Core serializes it.</summary>
    private void Tap(object written)
    {
        if (storeTap is not null)
        {
            storeTap(Serializer.Serialize(written));
        }
    }
}
