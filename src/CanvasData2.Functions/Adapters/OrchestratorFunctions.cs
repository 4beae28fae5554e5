using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CanvasData2.Functions.Adapters;

/// <summary>
/// Orchestrator triggers in the shape the Durable Task source generator emits: static functions forwarding to
/// one stateless orchestrator instance. No logic here.
/// </summary>
public static class OrchestratorFunctions
{
    private static readonly ITaskOrchestrator Refresh = new RefreshOrchestrator();
    private static readonly ITaskOrchestrator Table = new TableOrchestrator();

    [Function(nameof(RefreshOrchestrator))]
    public static Task<RunSummary> RefreshOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => Forward<RefreshRequest?, RunSummary>(Refresh, context);

    [Function(nameof(TableOrchestrator))]
    public static Task<TableResult> TableOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => Forward<TableWork, TableResult>(Table, context);

    private static async Task<TOut> Forward<TIn, TOut>(ITaskOrchestrator orchestrator, TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (TOut)(await orchestrator.RunAsync(context, context.GetInput<TIn>()))!;
    }
}
