using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Removes a job's staging area after its commit or when the job is abandoned.</summary>
public sealed class DiscardStagingActivity(IReplicaEngine engine, ILogger<DiscardStagingActivity> logger) : TaskActivity<StagingTarget, StepResult>
{
    public override Task<StepResult> RunAsync(TaskActivityContext context, StagingTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ActivityFailures.GuardAsync(
            async () =>
            {
                await engine.DiscardStagingAsync(input).ConfigureAwait(false);
                return new StepResult();
            },
            error => new StepResult(error),
            ActivityLog.For(logger, nameof(DiscardStagingActivity), input.Table.ToString()));
    }
}
