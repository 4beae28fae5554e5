using CanvasData2.Faults.Tests.Support;
using CanvasData2.Orchestration;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 3, continued: a commit that outlasts the database's statement_timeout (57014) and a commit that loses a
/// serialization conflict (40001). The first fails its table cleanly, the second is retried; both end exact.
/// </summary>
public sealed class CommitFaultTests : IAsyncLifetime
{
    private FaultHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await FaultHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_commit_past_the_statement_timeout_fails_its_table_cleanly_and_a_rerun_without_it_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var reference = await TestPostgres.CreateDatabaseAsync("dbref");
        var faulted = await TestPostgres.CreateDatabaseAsync("db");
        await DatabaseFaultTests.InitBothThenAdvanceAsync(_harness, reference, faulted, FaultHarness.Request(), cancellationToken);
        Assert.True((await _harness.RefreshAsync(reference, FaultHarness.Request(), cancellationToken)).Succeeded);

        // A DBA's statement_timeout, and a commit into canvas.accounts that takes far longer (a huge table would).
        var database = new NpgsqlConnectionStringBuilder(faulted).Database;
        await FailingTrigger.StallAsync(faulted, cancellationToken);
        await ReplicaDump.ExecuteAsync(faulted, $"ALTER DATABASE \"{database}\" SET statement_timeout = '3s'", cancellationToken);
        var before = await ReplicaDump.AllAsync(faulted, cancellationToken);

        var summary = await _harness.RefreshAsync(faulted, FaultHarness.Request(), cancellationToken);

        var accounts = Assert.Single(summary.Tables, t => t.Table == "accounts");
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        var error = accounts.Error!.Kind + " " + accounts.Error.Message;
        Assert.Contains("57014", error, StringComparison.Ordinal);
        Assert.Contains("statement_timeout", error, StringComparison.Ordinal);
        Assert.Contains("canvas.accounts", error, StringComparison.Ordinal);
        Assert.True(await ReplicaDump.ScalarAsync(faulted, "SELECT last_value FROM public.stall_writes", cancellationToken) >= 1);
        Assert.Equal(TableOutcome.Complete, Assert.Single(summary.Tables, t => t.Table == "users").Outcome);
        var after = await ReplicaDump.AllAsync(faulted, cancellationToken);
        Assert.Equal(DatabaseFaultTests.Section(before, "canvas.accounts"), DatabaseFaultTests.Section(after, "canvas.accounts"));
        Assert.Equal(DatabaseFaultTests.SyncLine(before, "accounts"), DatabaseFaultTests.SyncLine(after, "accounts"));

        await ReplicaDump.ExecuteAsync(faulted, $"ALTER DATABASE \"{database}\" RESET statement_timeout", cancellationToken);
        await FailingTrigger.DropAsync(faulted, "stall", cancellationToken);
        var rerun = await _harness.RefreshAsync(faulted, FaultHarness.Request("accounts"), cancellationToken);

        Assert.True(rerun.Succeeded, ApiFaultTests.Describe(rerun));
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task A_serialization_failure_during_commit_is_retried_and_the_replica_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("dbref");
        var faulted = await TestPostgres.CreateDatabaseAsync("db");
        var request = FaultHarness.Request("accounts");
        await DatabaseFaultTests.InitBothThenAdvanceAsync(_harness, reference, faulted, request, cancellationToken);
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        await FailingTrigger.RaiseAsync(
            faulted, "conflict", "serialization_failure", "could not serialize access due to concurrent update", failures: 2, cancellationToken);

        var summary = await _harness.RefreshAsync(faulted, request, cancellationToken);

        Assert.True(summary.Succeeded, ApiFaultTests.Describe(summary));
        Assert.True(await ReplicaDump.ScalarAsync(faulted, "SELECT last_value FROM public.conflict_writes", cancellationToken) > 2);
        Assert.Contains("40001", _harness.Logs.Text, StringComparison.Ordinal);
        await FailingTrigger.DropAsync(faulted, "conflict", cancellationToken);
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }
}
