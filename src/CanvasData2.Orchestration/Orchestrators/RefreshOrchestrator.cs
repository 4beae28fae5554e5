using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Orchestration.Orchestrators;
using CanvasData2.Replication;
using Microsoft.DurableTask;

namespace CanvasData2.Orchestration;

/// <summary>
/// One refresh of the replica: bookkeeping, table listing per namespace, then a bounded fan-out of
/// <see cref="TableOrchestrator"/> sub-orchestrations with paced job start slots, folded into a
/// <see cref="RunSummary"/>. A failing table never fails the run. Custom status: <see cref="RefreshProgress"/>.
/// Every run ends with one <see cref="TableResultLog"/> event per table and one <see cref="RunSummaryEvent"/> in the
/// log (replay-safe: once per run), the summary also when the orchestrator itself breaks.
/// </summary>
public sealed class RefreshOrchestrator : TaskOrchestrator<RefreshRequest?, RunSummary>
{
    public override async Task<RunSummary> RunAsync(TaskOrchestrationContext context, RefreshRequest? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.CreateReplaySafeLogger(typeof(RefreshOrchestrator).FullName!);
        var started = context.CurrentUtcDateTime;
        RunSummary summary;
        try
        {
            summary = await RunCoreAsync(context, input ?? new RefreshRequest()) with { RunId = context.InstanceId };
        }
        catch (Exception)
        {
            // Logged and rethrown: the instance still fails as it would, but the alert rules see the run end.
            RunSummaryLog.Write(logger, RunSummaryEvent.Broken(context.InstanceId, context.CurrentUtcDateTime - started, TableErrorKind.Unexpected));
            throw;
        }

        foreach (var table in summary.Tables)
        {
            TableResultLog.Write(logger, context.InstanceId, table);
        }

        RunSummaryLog.Write(logger, RunSummaryEvent.From(context.InstanceId, summary));
        return summary;
    }

    private static async Task<RunSummary> RunCoreAsync(TaskOrchestrationContext context, RefreshRequest request)
    {
        var tuning = request.EffectiveTuning;
        var options = TaskRetry.For(tuning);
        var started = context.CurrentUtcDateTime;

        var bookkeeping = await CallAsync<StepResult>(context, nameof(EnsureBookkeepingActivity), null, options, e => new StepResult(e));
        if (bookkeeping.Failure is { } failure)
        {
            return new RunSummary(started, context.CurrentUtcDateTime, [], failure);
        }

        var results = new List<TableResult>();
        var work = new List<TableName>();
        foreach (var ns in request.EffectiveNamespaces)
        {
            var listing = await CallAsync(
                context, nameof(ListTablesActivity), new ListTablesInput(ns, request.IncludeTables, request.SkipTables), options, e => new TableListing([], [], [], e));
            if (listing.Failure is not null)
            {
                results.Add(new TableResult(ns, "*", TableOutcome.Failed, Error: listing.Failure));
                continue;
            }

            results.AddRange(listing.Skipped.Select(t => new TableResult(ns, t, TableOutcome.Skipped)));
            results.AddRange(listing.Missing.Select(t => new TableResult(
                ns, t, TableOutcome.Failed, Error: new TableError(TableErrorKind.TableNotListed, $"Table '{t}' (include list) is not in DAP namespace '{ns}'."))));
            results.AddRange((listing.Invalid ?? []).Select(t => new TableResult(
                ns, t, TableOutcome.Failed, Error: new TableError(TableErrorKinds.Of(DapErrorKind.InvalidName), DapNames.Describe(t, "table")))));
            work.AddRange(listing.Tables.Select(t => new TableName(ns, t)));
        }

        var progress = new RefreshProgressTracker(work.Count);
        context.SetCustomStatus(progress.Current);
        var pacer = new JobPacer(tuning.JobsPerMinute);
        var tableResults = await BoundedFanOut.RunAsync(
            work,
            request.MaxParallelTables,
            table => RunTableAsync(context, new TableWork(table, request.Pacing ? pacer.Next(context.CurrentUtcDateTime) : null, tuning, request.Reinit)),
            result => context.SetCustomStatus(progress.Add(result)));
        results.AddRange(tableResults);

        var ordered = results.OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Table, StringComparer.Ordinal).ToList();
        var finished = context.CurrentUtcDateTime;

        // A record that cannot be written costs the status its latest run, not the run its result.
        await CallAsync(context, nameof(RecordRunActivity), new RecordRunInput(context.InstanceId, finished, ordered), options, e => new StepResult(e));
        return new RunSummary(started, finished, ordered);
    }

    private static async Task<TableResult> RunTableAsync(TaskOrchestrationContext context, TableWork work)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<TableResult>(
                nameof(TableOrchestrator), work, new SubOrchestrationOptions { InstanceId = RefreshRunId.TableInstanceId(context.InstanceId, work.Table.Namespace, work.Table.Table) });
        }
        catch (TaskFailedException e)
        {
            return new TableResult(work.Table.Namespace, work.Table.Table, TableOutcome.Failed, Error: TaskRetry.ToError(e));
        }
    }

    private static async Task<T> CallAsync<T>(TaskOrchestrationContext context, string activity, object? input, TaskOptions options, Func<TableError, T> onFailure)
    {
        try
        {
            return await context.CallActivityAsync<T>(activity, input, options);
        }
        catch (TaskFailedException e)
        {
            return onFailure(TaskRetry.ToError(e));
        }
    }
}
