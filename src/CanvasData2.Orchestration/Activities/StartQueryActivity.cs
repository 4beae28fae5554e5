using CanvasData2.Dap;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>
/// Creates a snapshot (no <see cref="StartQueryInput.Since"/>) or incremental query job. A 429 that outlived
/// the client's own retries becomes <see cref="JobStateKind.RetryAfter"/>: the orchestrator waits it out with a
/// durable timer instead of spending more of DAP's job budget on immediate retries.
/// </summary>
public sealed class StartQueryActivity(IDapClient dap, ILogger<StartQueryActivity> logger) : TaskActivity<StartQueryInput, JobState>
{
    public override Task<JobState> RunAsync(TaskActivityContext context, StartQueryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = input.Table.ToString();
        var request = input.Since is { } since ? QueryRequest.Incremental(since) : QueryRequest.Snapshot();
        return ActivityFailures.GuardAsync(
            async () =>
            {
                try
                {
                    var job = await dap.StartQueryAsync(input.Table.Namespace, input.Table.Table, request).ConfigureAwait(false);
                    logger.JobStarted(job.Id, table, input.Since is not null);
                    return JobStates.From(job);
                }
                catch (DapException e) when (JobStates.FromRefusal(e) is { } refusal)
                {
                    return refusal;
                }
            },
            error => new JobState(JobStateKind.Failed, Failure: error),
            ActivityLog.For(logger, nameof(StartQueryActivity), table));
    }
}
