using CanvasData2.Orchestration.Activities;
using CanvasData2.Orchestration.Tests.Support;

namespace CanvasData2.Orchestration.Tests.Orchestrators;

public sealed class RefreshOrchestratorTests
{
    private static FakeOrchestration Listing(params string[] tables) => new FakeOrchestration()
        .OnActivity<string?, StepResult>(nameof(EnsureBookkeepingActivity), _ => new StepResult())
        .OnActivity<ListTablesInput, TableListing>(nameof(ListTablesActivity), input => new TableListing(tables, ["skipped_t"], ["missing_t"]));

    private static TableResult Ok(TableWork work) => new(work.Table.Namespace, work.Table.Table, TableOutcome.Complete, 1, 0);

    [Fact]
    public async Task Run_mixed_tables_summarizes_every_table_and_failure_does_not_fail_the_run()
    {
        var fake = Listing("b", "a", "c").OnTable(work => work.Table.Table == "b"
            ? Task.FromException<TableResult>(FakeOrchestration.Failure(nameof(TableOrchestrator), "non-deterministic"))
            : Task.FromResult(Ok(work)));

        var summary = await new RefreshOrchestrator().RunAsync(fake.Context, new RefreshRequest(SkipTables: ["skipped_t"]));

        Assert.Equal(
            [("a", TableOutcome.Complete), ("b", TableOutcome.Failed), ("c", TableOutcome.Complete), ("missing_t", TableOutcome.Failed), ("skipped_t", TableOutcome.Skipped)],
            summary.Tables.Select(t => (t.Table, t.Outcome)));
        Assert.Equal(TableErrorKind.TableNotListed, summary.Tables.Single(t => t.Table == "missing_t").Error!.Kind);
        Assert.Equal(2, summary.Failed);
        Assert.False(summary.Succeeded);
        Assert.Equal(new RefreshProgress(3, 3, 1, ["canvas.b"]), fake.Statuses.OfType<RefreshProgress>().Last(), RefreshProgressComparer.Instance);
    }

    [Fact]
    public async Task Run_bookkeeping_fails_returns_the_error_without_touching_tables()
    {
        var fake = new FakeOrchestration()
            .OnActivity<string?, StepResult>(nameof(EnsureBookkeepingActivity), _ => new StepResult(new TableError(TableErrorKind.Postgres, "28P01: password authentication failed")));

        var summary = await new RefreshOrchestrator().RunAsync(fake.Context, null);

        Assert.Equal((TableErrorKind.Postgres, "28P01: password authentication failed"), (summary.Error!.Kind, summary.Error.Message));
        Assert.Empty(summary.Tables);
        Assert.Equal([nameof(EnsureBookkeepingActivity)], fake.Calls.Select(c => c.Name));
    }

    [Fact]
    public async Task Run_listing_fails_reports_the_namespace_and_continues_with_others()
    {
        var fake = new FakeOrchestration()
            .OnActivity<string?, StepResult>(nameof(EnsureBookkeepingActivity), _ => new StepResult())
            .OnActivity<ListTablesInput, TableListing>(nameof(ListTablesActivity), input => input.Namespace == "bad"
                ? new TableListing([], [], [], new TableError(TableErrorKind.DapNotFound, "unknown namespace"))
                : new TableListing(["t"], [], []))
            .OnTable(work => Task.FromResult(Ok(work)));

        var summary = await new RefreshOrchestrator().RunAsync(fake.Context, new RefreshRequest(Namespaces: ["bad", "canvas"]));

        Assert.Equal([("bad", "*", TableOutcome.Failed), ("canvas", "t", TableOutcome.Complete)], summary.Tables.Select(t => (t.Namespace, t.Table, t.Outcome)));
    }

    [Fact]
    public async Task Run_pacing_hands_out_at_most_jobs_per_minute_slots_per_window()
    {
        var fake = Listing("t1", "t2", "t3", "t4", "t5", "t6", "t7").OnTable(work => Task.FromResult(Ok(work)));

        await new RefreshOrchestrator().RunAsync(fake.Context, new RefreshRequest(MaxParallelTables: 10));

        var slots = fake.InputsOf<TableWork>(nameof(TableOrchestrator)).Select(w => w.NotBeforeUtc!.Value - FakeOrchestration.Start).ToList();
        Assert.Equal([.. Enumerable.Repeat(TimeSpan.Zero, 5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)], slots);
    }

    [Fact]
    public async Task Run_pacing_off_gives_no_slots()
    {
        var fake = Listing("t1", "t2").OnTable(work => Task.FromResult(Ok(work)));

        await new RefreshOrchestrator().RunAsync(fake.Context, new RefreshRequest(Pacing: false));

        Assert.All(fake.InputsOf<TableWork>(nameof(TableOrchestrator)), w => Assert.Null(w.NotBeforeUtc));
    }

    [Fact]
    public async Task Run_many_tables_keeps_at_most_max_parallel_tables_running()
    {
        var pending = new List<TaskCompletionSource<TableResult>>();
        var fake = Listing([.. Enumerable.Range(1, 7).Select(i => $"t{i}")]).OnTable(work =>
        {
            var source = new TaskCompletionSource<TableResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (pending)
            {
                pending.Add(source);
            }

            return source.Task.ContinueWith(_ => Ok(work), TaskScheduler.Default);
        });

        var run = new RefreshOrchestrator().RunAsync(fake.Context, new RefreshRequest(MaxParallelTables: 2));
        var maxInFlight = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!run.IsCompleted)
        {
            await Task.Delay(5, timeout.Token);
            lock (pending)
            {
                maxInFlight = Math.Max(maxInFlight, pending.Count(p => !p.Task.IsCompleted));
                pending.FirstOrDefault(p => !p.Task.IsCompleted)?.SetResult(null!);
            }
        }

        var summary = await run;
        Assert.Equal(7, summary.Tables.Count(t => t.Outcome == TableOutcome.Complete));
        Assert.Equal(2, maxInFlight);
        Assert.All(fake.InputsOf<TableWork>(nameof(TableOrchestrator)), w => Assert.Equal(RefreshTuning.Default, w.Tuning));
    }

    private sealed class RefreshProgressComparer : IEqualityComparer<RefreshProgress>
    {
        public static readonly RefreshProgressComparer Instance = new();

        public bool Equals(RefreshProgress? x, RefreshProgress? y)
            => x is not null && y is not null && (x.Done, x.Total, x.Failed) == (y.Done, y.Total, y.Failed) && x.FailedTables.SequenceEqual(y.FailedTables);

        public int GetHashCode(RefreshProgress obj) => obj.Done;
    }
}
