using CanvasData2.Orchestration.Activities;
using Microsoft.DurableTask;

namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>The decisions of one <see cref="TableOrchestrator"/> run (plan → sync → init).</summary>
internal sealed partial class TableRun(TaskOrchestrationContext context, TableWork work)
{
    private readonly RefreshTuning _tuning = work.Tuning;
    private readonly TaskOptions _options = TaskRetry.For(work.Tuning);
    private bool _slotUsed;

    /// <summary>The meta timestamp of the replica the latest plan found; null when the table has none.</summary>
    private DateTimeOffset? _replacedSince;

    public async Task<TableResult> ExecuteAsync()
    {
        var plan = await CallAsync<PlanResult>(nameof(PlanTableActivity), work.Table);
        for (var attempt = 0; ; attempt++)
        {
            _replacedSince = plan.Since;
            switch (plan.Kind)
            {
                case PlanKind.Failed:
                    return Failed(plan.Failure ?? new TableError(TableErrorKind.Replica, "Planning failed."));
                case PlanKind.InitNeeded:
                    return await InitAsync(TableOutcome.Initialized);
                case PlanKind.SyncFrom when work.Reinit:
                    return await InitAsync(TableOutcome.Reinitialized);
            }

            var sync = await RunJobAsync(plan.Since);
            switch (sync.Kind)
            {
                case JobRunKind.Done:
                    return Succeeded(TableOutcome.Complete, sync);
                case JobRunKind.ReinitNeeded:
                    return await InitAsync(TableOutcome.Reinitialized);
                case JobRunKind.Stale when attempt == 0:
                    // Another tool advanced the meta row meanwhile: plan again from what it says now.
                    plan = await CallAsync<PlanResult>(nameof(PlanTableActivity), work.Table);
                    continue;
                default:
                    return Failed(sync.Failure!);
            }
        }
    }

    private async Task<TableResult> InitAsync(TableOutcome outcome)
    {
        var init = await RunJobAsync(since: null);
        return init.Kind == JobRunKind.Done
            ? Succeeded(outcome, init)
            : Failed(init.Failure ?? new TableError(TableErrorKind.ReplicaInitRefused, $"The snapshot of {work.Table} could not be committed."));
    }

    private Task<T> CallAsync<T>(string activity, object? input) => context.CallActivityAsync<T>(activity, input, _options);

    private TableResult Succeeded(TableOutcome outcome, JobRun run)
    {
        var commit = run.Commit!;
        return new(
            work.Table.Namespace, work.Table.Table, outcome, commit.RowsUpserted, commit.RowsDeleted, commit.PreviousSchemaVersion, commit.SchemaVersion,
            RowsKept: commit.RowsKept, TruncatedValues: run.TruncatedValues);
    }

    private TableResult Failed(TableError error) => new(work.Table.Namespace, work.Table.Table, TableOutcome.Failed, Error: error);
}
