using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Publishes a job's staged data: a snapshot swap or the changes, each in one transaction.</summary>
public sealed class CommitActivity(IReplicaEngine engine, ILogger<CommitActivity> logger) : TaskActivity<CommitInput, CommitStep>
{
    public override Task<CommitStep> RunAsync(TaskActivityContext context, CommitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var staging = input.Staging;
        var table = $"{staging.Namespace}.{staging.Table}";
        return ActivityFailures.GuardAsync(
            async () =>
            {
                var result = input.Since is { } since
                    ? await engine.CommitSyncAsync(staging.ToTarget(), since, input.Until).ConfigureAwait(false)
                    : await engine.CommitInitAsync(staging.ToTarget(), input.Until).ConfigureAwait(false);
                logger.Committed(table, staging.JobId, result.Outcome, result.RowsUpserted, result.RowsDeleted);
                return new CommitStep(result.Outcome, result.RowsUpserted, result.RowsDeleted, result.PreviousSchemaVersion, result.SchemaVersion, result.Detail);
            },
            error => new CommitStep(null, Failure: error),
            ActivityLog.For(logger, nameof(CommitActivity), table));
    }
}
