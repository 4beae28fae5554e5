using CanvasData2.Orchestration.Orchestrators;
using Microsoft.DurableTask;

namespace CanvasData2.Orchestration;

/// <summary>
/// Brings one table up to date: plan, then sync (incremental job) or init (snapshot job); a sync that DAP or
/// the replica refuses (snapshot required, schema change needing reinit) chains an init. Never throws: any
/// failure becomes a <see cref="TableOutcome.Failed"/> result, leaving the table as it was.
/// </summary>
public sealed class TableOrchestrator : TaskOrchestrator<TableWork, TableResult>
{
    public override async Task<TableResult> RunAsync(TaskOrchestrationContext context, TableWork input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var started = context.CurrentUtcDateTime;
        TableResult result;
        try
        {
            result = await new TableRun(context, input).ExecuteAsync();
        }
        catch (TaskFailedException e)
        {
            result = new TableResult(input.Table.Namespace, input.Table.Table, TableOutcome.Failed, Error: TaskRetry.ToError(e));
        }

        return result with { Duration = context.CurrentUtcDateTime - started };
    }
}
