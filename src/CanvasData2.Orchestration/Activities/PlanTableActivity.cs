using CanvasData2.Model;
using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Asks the replica what the table needs next: a snapshot, or a sync from its last timestamp.</summary>
public sealed class PlanTableActivity(IReplicaEngine engine, ILogger<PlanTableActivity> logger) : TaskActivity<TableName, PlanResult>
{
    public override Task<PlanResult> RunAsync(TaskActivityContext context, TableName input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ActivityFailures.GuardAsync(
            async () => await engine.PlanAsync(input).ConfigureAwait(false) switch
            {
                SyncFrom sync => new PlanResult(PlanKind.SyncFrom, sync.Since, sync.SchemaVersion),
                InitNeeded init => new PlanResult(PlanKind.InitNeeded, Reason: init.Reason),
                var other => new PlanResult(PlanKind.Failed, Failure: new TableError(TableErrorKind.Replica, $"Unknown plan {other.GetType().Name} for {input}")),
            },
            error => new PlanResult(PlanKind.Failed, Failure: error),
            ActivityLog.For(logger, nameof(PlanTableActivity), input.ToString()));
    }
}
