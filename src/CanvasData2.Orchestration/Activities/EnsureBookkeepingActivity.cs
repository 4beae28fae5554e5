using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Creates the replica's bookkeeping tables and grants the readers once per run, before any table work.</summary>
public sealed class EnsureBookkeepingActivity(IReplicaEngine engine, ILogger<EnsureBookkeepingActivity> logger) : TaskActivity<string?, StepResult>
{
    public override Task<StepResult> RunAsync(TaskActivityContext context, string? input)
        => ActivityFailures.GuardAsync(
            async () =>
            {
                await engine.EnsureBookkeepingAsync().ConfigureAwait(false);
                await engine.GrantReadersAsync().ConfigureAwait(false);
                return new StepResult();
            },
            error => new StepResult(error),
            ActivityLog.For(logger, nameof(EnsureBookkeepingActivity), "replica"));
}
