using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

internal static class HistoryPurge
{
    /// <summary>Only finished instances are purged: a running refresh keeps its history.</summary>
    public static readonly IEnumerable<OrchestrationRuntimeStatus> FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];
}
