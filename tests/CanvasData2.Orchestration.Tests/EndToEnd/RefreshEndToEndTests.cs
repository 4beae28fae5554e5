using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Orchestration.Tests.EndToEnd;

/// <summary>The refresh orchestration in the in-process durable host against the emulator and a real PostgreSQL.</summary>
public sealed class RefreshEndToEndTests
{
    [Fact]
    public async Task First_run_initializes_every_table_second_run_syncs_changes()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);
        var progress = new List<RefreshProgress>();

        var first = await fixture.Host.RunAsync(RefreshFixture.Request(), new SynchronousProgress(progress), cancellationToken);

        Assert.True(first.Succeeded, Describe(first));
        Assert.All(first.Tables, t => Assert.Equal(TableOutcome.Initialized, t.Outcome));
        Assert.Equal(RefreshFixture.Tables, first.Tables.Select(t => t.Table));
        foreach (var table in first.Tables)
        {
            Assert.Equal(table.RowsUpserted, await fixture.CountAsync(table.Table, cancellationToken));
            Assert.True(table.RowsUpserted > 0);
        }

        fixture.Emulator.AdvanceTime();
        var second = await fixture.Host.RunAsync(RefreshFixture.Request(), cancellationToken: cancellationToken);

        Assert.True(second.Succeeded, Describe(second));
        Assert.All(second.Tables, t => Assert.Equal(TableOutcome.Complete, t.Outcome));
        Assert.Contains(second.Tables, t => t.RowsUpserted + t.RowsDeleted > 0);
        Assert.Contains(progress, p => p.Total == 3);
    }

    [Fact]
    public async Task Schema_bump_is_migrated_by_sync()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);
        var first = await fixture.Host.RunAsync(RefreshFixture.Request() with { IncludeTables = ["accounts"] }, cancellationToken: cancellationToken);
        Assert.True(first.Succeeded, Describe(first));

        fixture.Emulator.BumpSchema("canvas", "accounts");
        fixture.Emulator.AdvanceTime();
        var second = await fixture.Host.RunAsync(RefreshFixture.Request() with { IncludeTables = ["accounts"] }, cancellationToken: cancellationToken);

        var accounts = Assert.Single(second.Tables);
        Assert.True(accounts.Outcome is TableOutcome.Complete or TableOutcome.Reinitialized, Describe(second));
        Assert.True(accounts.SchemaChanged, Describe(second));
    }

    [Fact]
    public async Task Failing_table_is_reported_while_others_succeed()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);
        fixture.Emulator.AddFault(new FaultRule(FaultKind.FailedJob, "/table/courses/data$", "POST"));

        var summary = await fixture.Host.RunAsync(RefreshFixture.Request(), cancellationToken: cancellationToken);

        var courses = summary.Tables.Single(t => t.Table == "courses");
        Assert.Equal(TableOutcome.Failed, courses.Outcome);
        Assert.Equal(TableErrorKind.DapJobFailed, courses.Error!.Kind);
        Assert.All(summary.Tables.Where(t => t.Table != "courses"), t => Assert.Equal(TableOutcome.Initialized, t.Outcome));
        Assert.Equal(1, summary.Failed);
    }

    [Fact]
    public async Task Object_download_cut_once_is_retried_without_duplicates()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken);
        fixture.Emulator.AddFault(new FaultRule(FaultKind.TruncatedBody, "^/_objects/") { Count = 1 });

        var summary = await fixture.Host.RunAsync(RefreshFixture.Request() with { IncludeTables = ["accounts"] }, cancellationToken: cancellationToken);

        var accounts = Assert.Single(summary.Tables);
        Assert.True(accounts.Outcome == TableOutcome.Initialized, Describe(summary));
        Assert.Equal(120, accounts.RowsUpserted);
        Assert.Equal(120, await fixture.CountAsync("accounts", cancellationToken));
    }

    private static string Describe(RunSummary summary)
        => string.Join("; ", summary.Tables.Select(t => $"{t.Table}={t.Outcome} {t.Error?.Kind} {t.Error?.Message}")) + summary.Error?.Message;

    private sealed class SynchronousProgress(List<RefreshProgress> seen) : IProgress<RefreshProgress>
    {
        public void Report(RefreshProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
