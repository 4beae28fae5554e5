using CanvasData2.Model;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration.Tests.Support;

/// <summary>A table whose activities answer like a healthy DAP and replica; tests override single steps.</summary>
internal sealed class TableScenario
{
    public static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Until = Since.AddHours(3);

    public FakeOrchestration Fake { get; } = new();

    public PlanResult Plan { get; set; } = new(PlanKind.SyncFrom, Since, 7);

    public Func<StartQueryInput, JobState> Start { get; set; } = input => Complete($"job-{(input.Since is null ? "snap" : "inc")}");

    public Func<string, JobState> Poll { get; set; } = id => Complete(id);

    public Func<PrepareStagingInput, PrepareResult> Prepare { get; set; } = input => new PrepareResult(PrepareKind.Ready, input.JobSchemaVersion);

    public Func<LoadObjectInput, LoadObjectOutput> Load { get; set; } = _ => new LoadObjectOutput(10, false);

    public Func<CommitInput, CommitOutput> Commit { get; set; } = input => new CommitOutput(CommitOutcome.Committed, 20, input.Since is null ? 0 : 3, 7, 7);

    public static JobState Complete(string id, params string[] objects)
        => new(JobStateKind.Complete, id, objects.Length == 0 ? ["o1", "o2"] : objects, 7, At: Until, Since: Since, Until: Until);

    public static TableWork Work(RefreshTuning? tuning = null, DateTime? notBefore = null)
        => new(new TableName("canvas", "accounts"), notBefore, tuning ?? new RefreshTuning(PollFirstSeconds: 2, PollMaxSeconds: 5));

    public Task<TableResult> RunAsync(TableWork? work = null)
    {
        Fake.OnActivity<LoadObjectInput, LoadObjectOutput>(nameof(LoadObjectActivity), i => Load(i));
        return RunAsyncKeepingLoads(work);
    }

    /// <summary>Runs with whatever load handler the test registered on <see cref="Fake"/>.</summary>
    public Task<TableResult> RunAsyncKeepingLoads(TableWork? work = null)
    {
        Fake.OnActivity<TableName, PlanResult>(nameof(PlanTableActivity), _ => Plan)
            .OnActivity<StartQueryInput, JobState>(nameof(StartQueryActivity), i => Start(i))
            .OnActivity<string, JobState>(nameof(PollJobActivity), i => Poll(i))
            .OnActivity<PrepareStagingInput, PrepareResult>(nameof(PrepareStagingActivity), i => Prepare(i))
            .OnActivity<CommitInput, CommitOutput>(nameof(CommitActivity), i => Commit(i))
            .OnActivity<StagingTarget, StepResult>(nameof(DiscardStagingActivity), _ => new StepResult());
        return new TableOrchestrator().RunAsync(Fake.Context, work ?? Work());
    }

    public IReadOnlyList<string> CallNames => Fake.Calls.Select(c => c.Name).ToList();
}
