using CanvasData2.Dap;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Lists a namespace's tables and applies the include and skip lists.</summary>
public sealed class ListTablesActivity(IDapClient dap, ILogger<ListTablesActivity> logger) : TaskActivity<ListTablesInput, TableListing>
{
    public override Task<TableListing> RunAsync(TaskActivityContext context, ListTablesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ActivityFailures.GuardAsync(
            async () => TableFilter.Apply(input, await dap.ListTablesAsync(input.Namespace).ConfigureAwait(false)),
            error => new TableListing([], [], [], error),
            ActivityLog.For(logger, nameof(ListTablesActivity), input.Namespace));
    }
}
