using Microsoft.DurableTask;

namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>
/// The retry policy of every activity call. Activities throw only transient faults (429/5xx/timeouts that
/// outlived the DAP client's own retries, PostgreSQL transient errors), so every failure seen here is worth
/// retrying with exponential backoff; permanent faults come back as data and are never retried.
/// </summary>
internal static class TaskRetry
{
    public static TaskOptions For(RefreshTuning tuning) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: Math.Max(1, tuning.RetryMaxAttempts),
        firstRetryInterval: TimeSpan.FromSeconds(tuning.RetryFirstSeconds),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(tuning.RetryMaxSeconds)));

    /// <summary>The error recorded when an activity still failed after its retries (or an orchestration broke).</summary>
    public static TableError ToError(TaskFailedException e) =>
        new(TableErrorKind.RetriesExhausted, e.FailureDetails.ErrorMessage, e.FailureDetails.ErrorType);
}
