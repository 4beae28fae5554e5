using CanvasData2.Dap;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>One look at a query job; the orchestrator waits between looks with durable timers.</summary>
public sealed class PollJobActivity(IDapClient dap, ILogger<PollJobActivity> logger) : TaskActivity<string, JobState>
{
    public override Task<JobState> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        return ActivityFailures.GuardAsync(
            async () => JobStates.From(await dap.GetJobAsync(input).ConfigureAwait(false)),
            error => new JobState(JobStateKind.Failed, input, Failure: error),
            ActivityLog.For(logger, nameof(PollJobActivity), input));
    }
}
