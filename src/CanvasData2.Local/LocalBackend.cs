using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Local;

/// <summary>
/// The in-memory durable store (Microsoft.DurableTask.InProcessTestHost) with <see cref="LocalRefreshHost.WorkItemSlots"/>
/// slots: the one adapter over that preview package. The dispatchers read the limits through
/// <see cref="IOrchestrationService"/>, which this class re-implements for just these two members.
/// </summary>
internal sealed class LocalBackend(ILoggerFactory loggerFactory) : InMemoryOrchestrationService(loggerFactory), IOrchestrationService
{
    /// <summary>The limits as the dispatchers read them: through the interface.</summary>
    public (int Activities, int Orchestrations) DispatchedSlots
        => (((IOrchestrationService)this).MaxConcurrentTaskActivityWorkItems, ((IOrchestrationService)this).MaxConcurrentTaskOrchestrationWorkItems);

    public new int MaxConcurrentTaskActivityWorkItems => LocalRefreshHost.WorkItemSlots;

    public new int MaxConcurrentTaskOrchestrationWorkItems => LocalRefreshHost.WorkItemSlots;
}
