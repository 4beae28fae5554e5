using CanvasData2.Orchestration.Tests.Support;
using CanvasData2.Testing;
using DurableTask.Core;

namespace CanvasData2.Orchestration.Tests.EndToEnd;

/// <summary>
/// One instance per run in the in-process durable host: each run keeps its own history and table
/// sub-orchestrations, logs one summary event, and an activity killed at the timeout is retried a bounded
/// number of times without duplicating anything.
/// </summary>
public sealed class RunInstanceTests
{
    [Fact]
    public async Task Two_runs_in_a_row_are_two_instances_each_with_its_own_table_sub_orchestrations()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);

        var first = await fixture.Host.RunAsync(RefreshFixture.Request(), cancellationToken: cancellationToken);
        fixture.Emulator.AdvanceTime();
        var second = await fixture.Host.RunAsync(RefreshFixture.Request(), cancellationToken: cancellationToken);

        Assert.True(RefreshRunId.TryParse(first.RunId, out var firstId));
        Assert.True(RefreshRunId.TryParse(second.RunId, out var secondId));
        Assert.Equal((RefreshTrigger.Cli, RefreshTrigger.Cli), (firstId.Trigger, secondId.Trigger));
        Assert.True(string.CompareOrdinal(first.RunId, second.RunId) < 0, $"{first.RunId} should sort before {second.RunId}");
        foreach (var (summary, outcome) in new[] { (first, TableOutcome.Initialized), (second, TableOutcome.Complete) })
        {
            var run = await fixture.Host.GetInstanceAsync(summary.RunId!);
            Assert.Equal(OrchestrationStatus.Completed, run!.Status);
            Assert.Equal(summary.RunId, run.ReadOutputAs<RunSummary>()!.RunId);
            foreach (var table in RefreshFixture.Tables)
            {
                var sub = await fixture.Host.GetInstanceAsync(RefreshRunId.TableInstanceId(summary.RunId!, "canvas", table));
                Assert.Equal(OrchestrationStatus.Completed, sub!.Status);
                Assert.Equal(outcome, sub.ReadOutputAs<TableResult>()!.Outcome);
            }
        }
    }

    [Fact]
    public async Task Every_run_logs_one_summary_event_with_its_id_counts_and_failed_tables()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);
        fixture.Emulator.AddFault(new Emulator.FaultRule(Emulator.FaultKind.FailedJob, "/table/courses/data$", "POST"));

        var summary = await fixture.Host.RunAsync(RefreshFixture.Request(), cancellationToken: cancellationToken);

        var events = fixture.Logs.Lines.Where(l => l.EventId == RunSummaryLog.EventId).ToList();
        var line = Assert.Single(events);
        Assert.Equal(RunSummaryEvent.From(summary.RunId!, summary).Line, line.Message);
        Assert.Equal(summary.RunId, line.Properties["RunId"]);
        Assert.Equal(RunSummaryEvent.TablesFailed, line.Properties["Outcome"]);
        Assert.Equal(1, line.Properties["Failed"]);
        Assert.Equal("canvas.courses=dap.jobfailed", line.Properties["FailedTables"]);

        // One table result per table, once (replay-safe), with what the health workbook charts.
        var tables = fixture.Logs.Lines.Where(l => l.EventId == TableResultLog.EventId).ToList();
        Assert.Equal(summary.Tables.Count, tables.Count);
        Assert.Equal(summary.Tables.Select(t => $"{t.Namespace}.{t.Table}").Order(StringComparer.Ordinal), tables.Select(t => (string)t.Properties["Table"]!).Order(StringComparer.Ordinal));
        var courses = Assert.Single(tables, t => (string)t.Properties["Table"]! == "canvas.courses");
        Assert.Equal(("failed", "dap.jobfailed", summary.RunId), ((string)courses.Properties["Outcome"]!, (string)courses.Properties["ErrorKind"]!, (string)courses.Properties["RunId"]!));
        var accounts = Assert.Single(tables, t => (string)t.Properties["Table"]! == "canvas.accounts");
        Assert.Equal(("initialized", 120L, "none"), ((string)accounts.Properties["Outcome"]!, (long)accounts.Properties["Upserted"]!, (string)accounts.Properties["ErrorKind"]!));
    }

    [Fact]
    public async Task Load_killed_at_the_timeout_is_retried_and_loads_every_row_once()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        KillingReplicaEngine? killing = null;
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken, engine => killing = new KillingReplicaEngine(engine) { KillLoads = 2 });

        var summary = await fixture.Host.RunAsync(RefreshFixture.Request() with { IncludeTables = ["accounts"] }, cancellationToken: cancellationToken);

        var accounts = Assert.Single(summary.Tables);
        Assert.True(accounts.Outcome == TableOutcome.Initialized, $"{accounts.Outcome}: {accounts.Error?.Message}");
        Assert.Equal(120, accounts.RowsUpserted);
        Assert.Equal(120, await fixture.CountAsync("accounts", cancellationToken));
        Assert.True(killing!.LoadAttempts > 3, "three objects, two of the loads killed");
    }

    [Fact]
    public async Task Commit_killed_at_every_attempt_fails_the_table_after_the_retry_limit_instead_of_looping()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        KillingReplicaEngine? killing = null;
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken, engine => killing = new KillingReplicaEngine(engine) { KillCommits = int.MaxValue });
        var request = RefreshFixture.Request() with { IncludeTables = ["accounts"] };
        request = request with { Tuning = request.EffectiveTuning with { RetryMaxAttempts = 3 } };

        var summary = await fixture.Host.RunAsync(request, cancellationToken: cancellationToken);

        var accounts = Assert.Single(summary.Tables);
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        Assert.Equal(TableErrorKind.RetriesExhausted, accounts.Error!.Kind);
        Assert.Contains("exceeded", accounts.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, killing!.CommitAttempts);
        Assert.Null(summary.Error);
        Assert.DoesNotContain(await fixture.Engine.GetStatusAsync("canvas", cancellationToken), t => t.Table.Table == "accounts");
    }
}
