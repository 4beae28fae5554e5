using CanvasData2.Orchestration.Activities;
using CanvasData2.Orchestration.Tests.Support;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration.Tests.Orchestrators;

public sealed class TableOrchestratorTimingTests
{
    [Fact]
    public async Task Run_pending_job_polls_with_durable_timers_and_backoff()
    {
        var polls = 0;
        var scenario = new TableScenario
        {
            Start = _ => new JobState(JobStateKind.Pending, "job-1"),
            Poll = id => ++polls < 4 ? new JobState(JobStateKind.Pending, id) : TableScenario.Complete(id),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal([2, 3, 4.5, 5], scenario.Fake.Timers.Select(t => t.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(14.5), result.Duration);
    }

    [Fact]
    public async Task Run_job_never_finishes_fails_with_timeout()
    {
        var scenario = new TableScenario
        {
            Start = _ => new JobState(JobStateKind.Pending, "job-1"),
            Poll = id => new JobState(JobStateKind.Pending, id),
        };

        var result = await scenario.RunAsync(TableScenario.Work(new RefreshTuning(PollFirstSeconds: 30, PollMaxSeconds: 60, JobTimeoutMinutes: 5)));

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal(TableErrorKind.JobTimeout, result.Error!.Kind);
        Assert.Contains("job-1", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_rate_limited_waits_with_a_durable_timer_and_starts_again()
    {
        var starts = 0;
        var scenario = new TableScenario
        {
            Start = _ => ++starts == 1 ? new JobState(JobStateKind.RetryAfter) : TableScenario.Complete("job-2"),
        };

        var result = await scenario.RunAsync(TableScenario.Work(new RefreshTuning(RateLimitWaitSeconds: 42)));

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(42)], scenario.Fake.Timers);
    }

    [Fact]
    public async Task Run_rate_limited_forever_fails_after_the_wait_limit()
    {
        var scenario = new TableScenario { Start = _ => new JobState(JobStateKind.RetryAfter, RetryAfterSeconds: 1) };

        var result = await scenario.RunAsync(TableScenario.Work(new RefreshTuning(RateLimitMaxWaits: 3)));

        Assert.Equal(TableErrorKind.DapRateLimited, result.Error!.Kind);
        Assert.Equal(3, scenario.Fake.Timers.Count);
    }

    [Fact]
    public async Task Run_table_busy_waits_and_commits_again()
    {
        var commits = 0;
        var scenario = new TableScenario
        {
            Commit = _ => ++commits < 3 ? new CommitOutput(CommitOutcome.Busy) : new CommitOutput(CommitOutcome.Committed, 1, 1, 7, 7),
        };

        var result = await scenario.RunAsync(TableScenario.Work(new RefreshTuning(BusyWaitSeconds: 15)));

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)], scenario.Fake.Timers);
    }

    [Fact]
    public async Task Run_start_slot_in_the_future_waits_for_it_before_the_first_job_only()
    {
        var scenario = new TableScenario
        {
            Start = input => input.Since is null ? TableScenario.Complete("snap") : new JobState(JobStateKind.SnapshotRequired),
        };
        var slot = FakeOrchestration.Start.AddSeconds(60);

        await scenario.RunAsync(TableScenario.Work(notBefore: slot));

        Assert.Equal([slot], scenario.Fake.TimerTargets);
        Assert.Equal(2, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
    }

    [Fact]
    public async Task Run_activity_fails_after_retries_fails_table_with_the_last_error()
    {
        var scenario = new TableScenario
        {
            Load = _ => throw FakeOrchestration.Failure(nameof(LoadObjectActivity), "connection reset"),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal((TableErrorKind.RetriesExhausted, "connection reset"), (result.Error!.Kind, result.Error.Message));
        Assert.Single(scenario.Fake.InputsOf<StagingTarget>(nameof(DiscardStagingActivity)));
    }

    [Fact]
    public async Task Run_many_objects_keeps_at_most_the_object_bound_in_flight()
    {
        var objects = Enumerable.Range(1, 9).Select(i => $"o{i}").ToArray();
        var pending = new List<TaskCompletionSource<LoadObjectOutput>>();
        var scenario = new TableScenario { Start = _ => TableScenario.Complete("job", objects) };
        scenario.Fake.OnActivityAsync<LoadObjectInput, LoadObjectOutput>(nameof(LoadObjectActivity), _ =>
        {
            var source = new TaskCompletionSource<LoadObjectOutput>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (pending)
            {
                pending.Add(source);
            }

            return source.Task;
        });

        var run = scenario.RunAsyncKeepingLoads(TableScenario.Work(new RefreshTuning(MaxParallelObjects: 3)));
        var maxInFlight = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!run.IsCompleted)
        {
            await Task.Delay(5, timeout.Token);
            lock (pending)
            {
                maxInFlight = Math.Max(maxInFlight, pending.Count(p => !p.Task.IsCompleted));
                pending.FirstOrDefault(p => !p.Task.IsCompleted)?.SetResult(new LoadObjectOutput(1, false));
            }
        }

        var result = await run;
        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(9, pending.Count);
        Assert.Equal(3, maxInFlight);
    }
}
