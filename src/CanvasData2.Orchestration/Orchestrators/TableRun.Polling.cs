using CanvasData2.Orchestration.Activities;

namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>Job creation (paced) and polling with durable timers.</summary>
internal sealed partial class TableRun
{
    private const double PollBackoff = 1.5;

    private async Task<JobState> StartJobAsync(DateTimeOffset? since)
    {
        // The first job of the table waits for the start slot the parent handed out.
        if (!_slotUsed && work.NotBeforeUtc is { } notBefore && context.CurrentUtcDateTime < notBefore)
        {
            await context.CreateTimer(notBefore, CancellationToken.None);
        }

        _slotUsed = true;
        for (var wait = 0; ; wait++)
        {
            var state = await CallAsync<JobState>(nameof(StartQueryActivity), new StartQueryInput(work.Table, since));
            if (state.Kind != JobStateKind.RetryAfter)
            {
                return state;
            }

            if (wait >= _tuning.RateLimitMaxWaits)
            {
                return new JobState(JobStateKind.Failed, Failure: new TableError(TableErrorKind.DapRateLimited, $"DAP kept refusing new jobs for {work.Table} (429) through {wait + 1} waits."));
            }

            await context.CreateTimer(TimeSpan.FromSeconds(state.RetryAfterSeconds ?? _tuning.RateLimitWaitSeconds), CancellationToken.None);
        }
    }

    private async Task<JobState> WaitForJobAsync(JobState state)
    {
        var deadline = context.CurrentUtcDateTime.AddMinutes(_tuning.JobTimeoutMinutes);
        var delay = _tuning.PollFirstSeconds;
        while (state.Kind == JobStateKind.Pending)
        {
            if (context.CurrentUtcDateTime >= deadline)
            {
                return new JobState(JobStateKind.Failed, state.JobId, Failure: new TableError(
                    TableErrorKind.JobTimeout, $"DAP job {state.JobId} of {work.Table} did not finish within {_tuning.JobTimeoutMinutes} minutes."));
            }

            await context.CreateTimer(TimeSpan.FromSeconds(delay), CancellationToken.None);
            delay = Math.Min(delay * PollBackoff, _tuning.PollMaxSeconds);
            state = await CallAsync<JobState>(nameof(PollJobActivity), state.JobId);
        }

        return state;
    }
}
