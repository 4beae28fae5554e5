using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Publishes a job's staged data: a snapshot swap or the changes, each in one transaction.</summary>
public sealed class CommitActivity(IReplicaEngine engine, ILogger<CommitActivity> logger) : TaskActivity<CommitInput, CommitOutput>
{
    public override Task<CommitOutput> RunAsync(TaskActivityContext context, CommitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var staging = input.Staging;
        var table = staging.Table.ToString();
        return ActivityFailures.GuardAsync(
            async () =>
            {
                var result = input.Since is { } since
                    ? await engine.CommitSyncAsync(staging, since, input.Until).ConfigureAwait(false)
                    : await engine.CommitInitAsync(staging, input.Until).ConfigureAwait(false);
                logger.Committed(table, staging.JobId, result.Outcome, result.RowsUpserted, result.RowsDeleted);
                return new CommitOutput(result.Outcome, result.RowsUpserted, result.RowsDeleted, result.PreviousSchemaVersion, result.SchemaVersion, result.Detail, RowsKept: result.RowsKept);
            },
            error => new CommitOutput(null, Failure: error),
            ActivityLog.For(logger, nameof(CommitActivity), table));
    }
}
