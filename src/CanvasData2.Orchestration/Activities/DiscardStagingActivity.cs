using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Removes a job's staging area after its commit or when the job is abandoned.</summary>
public sealed class DiscardStagingActivity(IReplicaEngine engine, ILogger<DiscardStagingActivity> logger) : TaskActivity<StagingRef, StepResult>
{
    public override Task<StepResult> RunAsync(TaskActivityContext context, StagingRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ActivityFailures.GuardAsync(
            async () =>
            {
                await engine.DiscardStagingAsync(input.ToTarget()).ConfigureAwait(false);
                return new StepResult();
            },
            error => new StepResult(error),
            ActivityLog.For(logger, nameof(DiscardStagingActivity), $"{input.Namespace}.{input.Table}"));
    }
}
