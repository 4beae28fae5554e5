using CanvasData2.Dap;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Maps DAP jobs and DAP refusals to <see cref="JobState"/>.</summary>
internal static class JobStates
{
    public static JobState From(DapJob job) => job.Status switch
    {
        JobStatus.Complete => new JobState(JobStateKind.Complete, job.Id, job.ObjectIds ?? [], job.SchemaVersion, job.At, job.Since, job.Until, ExpiresAt: job.ExpiresAt),
        JobStatus.Failed => new JobState(
            JobStateKind.Failed,
            job.Id,
            Failure: new TableError(TableErrorKind.DapJobFailed, job.Error?.Message ?? "DAP reported the query job as failed.", job.Error?.Type, job.Error?.Uuid)),
        _ => new JobState(JobStateKind.Pending, job.Id),
    };

    /// <summary>A refusal the orchestrator acts on (rather than a failure), or null.</summary>
    public static JobState? FromRefusal(DapException e) => e switch
    {
        { Kind: DapErrorKind.SnapshotRequired } => new JobState(JobStateKind.SnapshotRequired, Failure: ActivityFailures.ToError(e)),
        { StatusCode: 429 } => new JobState(JobStateKind.RetryAfter),
        _ => null,
    };
}
