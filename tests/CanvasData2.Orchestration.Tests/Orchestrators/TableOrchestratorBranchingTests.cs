using CanvasData2.Model;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Orchestration.Tests.Support;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration.Tests.Orchestrators;

public sealed class TableOrchestratorBranchingTests
{
    [Fact]
    public async Task Run_sync_from_applies_changes_from_the_meta_timestamp()
    {
        var scenario = new TableScenario();

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal((20, 3), (result.RowsUpserted, result.RowsDeleted));
        Assert.Null(result.Error);
        var start = Assert.Single(scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)));
        Assert.Equal(TableScenario.Since, start.Since);
        var commit = Assert.Single(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity)));
        Assert.Equal((TableScenario.Since, TableScenario.Until, StagingKind.Changes), (commit.Since, commit.Until, commit.Staging.Kind));
        // Each object carries its position in the job's list: a key repeated across objects keeps the later one's row.
        Assert.Equal(
            ["o1@0", "o2@1"],
            scenario.Fake.InputsOf<LoadObjectInput>(nameof(LoadObjectActivity)).Select(l => $"{l.ObjectId}@{l.Ordinal}").Order());
        Assert.Single(scenario.Fake.InputsOf<StagingTarget>(nameof(DiscardStagingActivity)));
    }

    [Fact]
    public async Task Run_no_meta_row_initializes_from_a_snapshot()
    {
        var scenario = new TableScenario { Plan = new PlanResult(PlanKind.InitNeeded, Reason: "no meta row") };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Initialized, result.Outcome);
        Assert.Null(Assert.Single(scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity))).Since);
        var commit = Assert.Single(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity)));
        Assert.Null(commit.Since);
        Assert.Equal(TableScenario.Until, commit.Until);
        Assert.Equal(StagingKind.Snapshot, commit.Staging.Kind);
    }

    [Fact]
    public async Task Run_reinit_requested_loads_a_snapshot_for_a_table_that_could_sync_staged_apart_from_its_init_job()
    {
        var scenario = new TableScenario();

        var result = await scenario.RunAsync(TableScenario.Work() with { Reinit = true });

        Assert.Equal(TableOutcome.Reinitialized, result.Outcome);
        Assert.Null(Assert.Single(scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity))).Since);
        var commit = Assert.Single(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity)));
        Assert.Equal((StagingKind.Snapshot, $"job-snap@{TableScenario.Since.ToUnixTimeMilliseconds()}"), (commit.Staging.Kind, commit.Staging.JobId));
    }

    [Fact]
    public async Task Run_dap_says_snapshot_required_chains_init()
    {
        var scenario = new TableScenario
        {
            Start = input => input.Since is null ? TableScenario.Complete("snap") : new JobState(JobStateKind.SnapshotRequired),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Reinitialized, result.Outcome);
        Assert.Equal([TableScenario.Since, null], scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Select(s => s.Since));
        Assert.Null(Assert.Single(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity))).Since);
    }

    [Fact]
    public async Task Run_commit_reinit_needed_discards_changes_and_initializes()
    {
        var scenario = new TableScenario
        {
            Commit = input => input.Since is null
                ? new CommitOutput(CommitOutcome.Committed, 50, 0, 7, 8)
                : new CommitOutput(CommitOutcome.ReinitNeeded, Detail: "column type change"),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Reinitialized, result.Outcome);
        Assert.True(result.SchemaChanged);
        Assert.Equal(2, scenario.Fake.InputsOf<StagingTarget>(nameof(DiscardStagingActivity)).Count());
    }

    [Fact]
    public async Task Run_schema_changed_after_job_creation_queries_again()
    {
        var prepares = 0;
        var scenario = new TableScenario
        {
            Prepare = input => ++prepares == 1 ? new PrepareResult(PrepareKind.SchemaChanged, 8) : new PrepareResult(PrepareKind.Ready, 8),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(2, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
    }

    [Fact]
    public async Task Run_schema_keeps_changing_fails_after_the_requery_limit()
    {
        var scenario = new TableScenario { Prepare = _ => new PrepareResult(PrepareKind.SchemaChanged, 9) };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal(TableErrorKind.JobSchemaChanged, result.Error!.Kind);
        Assert.Equal(3, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
    }

    [Fact]
    public async Task Run_stale_meta_row_plans_again_once()
    {
        var commits = 0;
        var scenario = new TableScenario
        {
            Commit = _ => ++commits == 1 ? new CommitOutput(CommitOutcome.Stale) : new CommitOutput(CommitOutcome.Committed, 1, 0, 7, 7),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(2, scenario.Fake.InputsOf<TableName>(nameof(PlanTableActivity)).Count());
    }

    [Fact]
    public async Task Run_staging_lost_before_the_commit_queries_and_loads_again()
    {
        var commits = 0;
        var scenario = new TableScenario
        {
            Commit = _ => ++commits == 1
                ? new CommitOutput(CommitOutcome.StagingLost, Detail: "1 of the 2 objects with rows loaded for job j are no longer staged")
                : new CommitOutput(CommitOutcome.Committed, 1, 0, 7, 7),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(2, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
        Assert.Equal(4, scenario.Fake.InputsOf<LoadObjectInput>(nameof(LoadObjectActivity)).Count());
    }

    [Fact]
    public async Task Run_staging_lost_every_time_fails_the_table_naming_it()
    {
        var scenario = new TableScenario { Commit = _ => new CommitOutput(CommitOutcome.StagingLost, Detail: "1 of the 2 objects with rows loaded for job j are no longer staged") };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal(TableErrorKind.ReplicaStagingLost, result.Error!.Kind);
        Assert.Contains("1 of the 2 objects with rows", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_job_failed_with_a_processing_error_starts_a_new_job_after_a_backoff()
    {
        var polls = 0;
        var scenario = new TableScenario
        {
            Poll = id => ++polls == 1
                ? new JobState(JobStateKind.Failed, id, Failure: new TableError(TableErrorKind.DapJobFailed, "transient", "ProcessingError", "uuid-1"))
                : TableScenario.Complete(id),
            Start = _ => new JobState(JobStateKind.Pending, "job-1"),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(2, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
    }

    [Fact]
    public async Task Run_job_failing_with_a_processing_error_every_time_fails_the_table_with_dap_type_and_uuid_after_the_limit()
    {
        var scenario = new TableScenario
        {
            Poll = id => new JobState(JobStateKind.Failed, id, Failure: new TableError(TableErrorKind.DapJobFailed, "still failing", "ProcessingError", "uuid-9")),
            Start = _ => new JobState(JobStateKind.Pending, "job-1"),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal((TableErrorKind.DapJobFailed, "ProcessingError", "uuid-9"), (result.Error!.Kind, result.Error.DapErrorType, result.Error.DapUuid));
        Assert.Equal(3, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
    }

    [Fact]
    public async Task Run_job_complete_but_past_its_expiry_is_never_loaded_and_a_new_job_is_started()
    {
        var jobs = 0;
        var scenario = new TableScenario
        {
            Start = _ => ++jobs == 1
                ? TableScenario.Complete("job-old") with { ExpiresAt = FakeOrchestration.Start.AddMinutes(-5) }
                : TableScenario.Complete("job-new") with { ExpiresAt = FakeOrchestration.Start.AddDays(1) },
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Complete, result.Outcome);
        Assert.Equal(2, scenario.Fake.InputsOf<StartQueryInput>(nameof(StartQueryActivity)).Count());
        Assert.All(scenario.Fake.InputsOf<LoadObjectInput>(nameof(LoadObjectActivity)), l => Assert.Equal("job-new", l.Staging.JobId));
        Assert.DoesNotContain(scenario.Fake.InputsOf<PrepareStagingInput>(nameof(PrepareStagingActivity)), p => p.Staging.JobId == "job-old");
    }

    [Fact]
    public async Task Run_job_expired_every_time_fails_the_table_naming_the_job()
    {
        var scenario = new TableScenario { Start = _ => TableScenario.Complete("job-x") with { ExpiresAt = FakeOrchestration.Start.AddMinutes(-1) } };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal(TableErrorKind.JobEnded, result.Error!.Kind);
        Assert.Contains("job-x", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Fake.InputsOf<LoadObjectInput>(nameof(LoadObjectActivity)));
    }

    [Fact]
    public async Task Run_job_fails_reports_dap_error_and_uuid()
    {
        var scenario = new TableScenario
        {
            Poll = id => new JobState(JobStateKind.Failed, id, Failure: new TableError(TableErrorKind.DapJobFailed, "boom", "QueryFailed", "uuid-1")),
            Start = _ => new JobState(JobStateKind.Pending, "job-1"),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal((TableErrorKind.DapJobFailed, "uuid-1"), (result.Error!.Kind, result.Error.DapUuid));
        Assert.Empty(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity)));
    }

    [Fact]
    public async Task Run_object_load_fails_fails_table_and_discards_staging()
    {
        var scenario = new TableScenario
        {
            Load = input => input.ObjectId == "o2" ? new LoadObjectOutput(0, false, new TableError(TableErrorKind.Replica, "bad row")) : new LoadObjectOutput(5, false),
        };

        var result = await scenario.RunAsync();

        Assert.Equal(TableOutcome.Failed, result.Outcome);
        Assert.Equal("bad row", result.Error!.Message);
        Assert.Empty(scenario.Fake.InputsOf<CommitInput>(nameof(CommitActivity)));
        Assert.Single(scenario.Fake.InputsOf<StagingTarget>(nameof(DiscardStagingActivity)));
    }

    [Fact]
    public async Task Run_plan_fails_fails_table_without_starting_a_job()
    {
        var scenario = new TableScenario { Plan = new PlanResult(PlanKind.Failed, Failure: new TableError(TableErrorKind.Postgres, "42501: permission denied")) };

        var result = await scenario.RunAsync();

        Assert.Equal((TableErrorKind.Postgres, "42501: permission denied"), (result.Error!.Kind, result.Error.Message));
        Assert.Equal([nameof(PlanTableActivity)], scenario.CallNames);
    }
}
