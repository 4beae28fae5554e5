using CanvasData2.Faults.Tests.Support;
using CanvasData2.Model;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 3: the database failing under a refresh (backend killed mid-COPY, deadlock, disk full, a user's view in
/// the way of a type change). Each is retried to a correct replica or fails cleanly with nothing partial.
/// </summary>
public sealed class DatabaseFaultTests : IAsyncLifetime
{
    private FaultHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await FaultHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_connection_killed_mid_copy_is_retried_and_the_replica_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(120);

        // The loader sends COPY data after its first 512 KiB: the object must be bigger for the kill to land mid-COPY.
        await using var harness = await FaultHarness.StartAsync(o => (o.TableRows["canvas.accounts"], o.RowsPerObject) = (4000, 100_000));
        var reference = await TestPostgres.CreateDatabaseAsync("dbref");
        var faulted = await TestPostgres.CreateDatabaseAsync("db");
        var request = FaultHarness.Request("accounts");
        Assert.True((await harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);

        using var inner = harness.CreateDapClient();
        var killed = -1;
        var dap = new HookedDapClient(inner)
        {
            WrapObject = stream => new TrickleStream(stream, afterBytes: 700_000, async () =>
            {
                if (Interlocked.CompareExchange(ref killed, 0, -1) == -1)
                {
                    killed = await TerminateCopyBackendAsync(faulted, cancellationToken);
                }
            }),
        };
        var summary = await harness.RefreshAsync(faulted, request, cancellationToken, dap);

        Assert.Equal(1, killed);
        Assert.True(summary.Succeeded, ApiFaultTests.Describe(summary));
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task A_deadlock_with_a_user_transaction_during_commit_is_retried_and_the_replica_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("dbref");
        var faulted = await TestPostgres.CreateDatabaseAsync("db");
        var request = FaultHarness.Request("accounts");
        await InitBothThenAdvanceAsync(_harness, reference, faulted, request, cancellationToken);
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);

        // The user's transaction blocks the commit's merge, then asks for the meta row the commit has locked.
        await using var user = new NpgsqlConnection(faulted);
        await user.OpenAsync(cancellationToken);
        var transaction = await user.BeginTransactionAsync(cancellationToken);
        await Sql(user, "LOCK TABLE canvas.accounts IN SHARE MODE", cancellationToken);
        var refresh = _harness.RefreshAsync(faulted, request, cancellationToken);
        await WaitForAsync(faulted, "wait_event_type = 'Lock' AND query LIKE 'MERGE INTO%'", cancellationToken);
        string? userError = null;
        try
        {
            await Sql(user, "SELECT 1 FROM instructure_dap.table_sync WHERE source_table = 'accounts' FOR UPDATE", cancellationToken);
        }
        catch (PostgresException e)
        {
            userError = e.SqlState;
        }

        await transaction.RollbackAsync(cancellationToken);
        var summary = await refresh;

        Assert.True(userError == PostgresErrorCodes.DeadlockDetected || _harness.Logs.Text.Contains("40P01", StringComparison.Ordinal), "no deadlock happened");
        Assert.True(summary.Succeeded, ApiFaultTests.Describe(summary));
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task A_disk_full_during_commit_is_retried_and_the_replica_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("dbref");
        var faulted = await TestPostgres.CreateDatabaseAsync("db");
        var request = FaultHarness.Request("accounts");
        await InitBothThenAdvanceAsync(_harness, reference, faulted, request, cancellationToken);
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        await AddDiskFullTriggerAsync(faulted, failures: 2, cancellationToken);

        var summary = await _harness.RefreshAsync(faulted, request, cancellationToken);

        Assert.True(summary.Succeeded, ApiFaultTests.Describe(summary));
        Assert.True(await ReplicaDump.ScalarAsync(faulted, "SELECT last_value FROM public.disk_full_writes", cancellationToken) > 2);
        await ReplicaDump.ExecuteAsync(faulted, "DROP TRIGGER disk_full ON canvas.accounts", cancellationToken);
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task A_disk_that_stays_full_fails_the_table_cleanly_with_nothing_partial()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var db = await TestPostgres.CreateDatabaseAsync("db");
        var request = FaultHarness.Request();
        Assert.True((await _harness.RefreshAsync(db, request, cancellationToken)).Succeeded);
        _harness.Emulator.AdvanceTime(1);
        await AddDiskFullTriggerAsync(db, failures: 1_000_000, cancellationToken);
        var before = await ReplicaDump.AllAsync(db, cancellationToken);

        var summary = await _harness.RefreshAsync(db, request, cancellationToken);

        var accounts = Assert.Single(summary.Tables, t => t.Table == "accounts");
        Assert.Equal(Orchestration.TableOutcome.Failed, accounts.Outcome);
        Assert.Contains("53100", accounts.Error!.Kind + accounts.Error.Message, StringComparison.Ordinal);
        Assert.Equal(Orchestration.TableOutcome.Complete, Assert.Single(summary.Tables, t => t.Table == "users").Outcome);
        var after = await ReplicaDump.AllAsync(db, cancellationToken);
        Assert.Equal(Section(before, "canvas.accounts"), Section(after, "canvas.accounts"));
        Assert.Equal(SyncLine(before, "accounts"), SyncLine(after, "accounts"));
    }

    [Fact]
    public async Task A_user_view_on_a_column_whose_type_widens_is_saved_and_recreated()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var db = await TestPostgres.CreateDatabaseAsync("db");
        var table = new TableName("canvas", "scores");
        await using var engine = ReplicaEngine.Create(db);
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var init = new StagingTarget(table, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, TestSchema.Of("""{"score": {"type": "integer", "format": "int32"}}"""), cancellationToken);
        await engine.LoadObjectAsync(init, "o1", 0, TestSchema.Tsv("meta.ts\tkey.id\tvalue.score\n2026-11-01T00:00:00Z\t1\t10\n2026-11-01T00:00:00Z\t2\t20\n"), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, at, cancellationToken)).Outcome);
        await ReplicaDump.ExecuteAsync(db, "CREATE VIEW public.top_scores AS SELECT id, score * 2 AS doubled FROM canvas.scores WHERE score > 15", cancellationToken);

        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, TestSchema.Of("""{"score": {"type": "integer", "format": "int64"}}""", version: 2), cancellationToken);
        await engine.LoadObjectAsync(sync, "o1", 0, TestSchema.Tsv("meta.ts\tmeta.action\tkey.id\tvalue.score\n2026-11-01T03:00:00Z\tU\t3\t9000000000\n"), cancellationToken);
        var commit = await engine.CommitSyncAsync(sync, at, at.AddHours(3), cancellationToken);

        Assert.Equal(CommitOutcome.Committed, commit.Outcome);
        Assert.Equal("bigint", await TextAsync(db, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'canvas' AND table_name = 'scores' AND column_name = 'score'", cancellationToken));
        Assert.Equal(2, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM public.top_scores", cancellationToken));
        Assert.Equal(18000000000, await ReplicaDump.ScalarAsync(db, "SELECT max(doubled) FROM public.top_scores", cancellationToken));
    }

    internal static async Task InitBothThenAdvanceAsync(FaultHarness harness, string reference, string faulted, Orchestration.RefreshRequest request, CancellationToken cancellationToken)
    {
        Assert.True((await harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        Assert.True((await harness.RefreshAsync(faulted, request, cancellationToken)).Succeeded);
        harness.Emulator.AdvanceTime(1);
    }

    /// <summary>A statement trigger that raises disk_full (53100) for the first <paramref name="failures"/> writes to canvas.accounts.</summary>
    private static Task AddDiskFullTriggerAsync(string db, int failures, CancellationToken cancellationToken)
        => FailingTrigger.RaiseAsync(db, "disk_full", "disk_full", "could not extend file: No space left on device", failures, cancellationToken);

    private static async Task<int> TerminateCopyBackendAsync(string db, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(db).Database;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var killed = await ReplicaDump.ScalarAsync(
                db,
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'COPY %' AND state = 'active' AND pid <> pg_backend_pid()",
                cancellationToken);
            if (killed > 0)
            {
                return (int)killed;
            }

            await Task.Delay(50, cancellationToken);
        }

        return 0;
    }

    private static async Task WaitForAsync(string db, string condition, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(db).Database;
        while (await ReplicaDump.ScalarAsync(db, $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND {condition}", cancellationToken) == 0)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task Sql(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> TextAsync(string db, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static string Section(string dump, string table)
    {
        var start = dump.IndexOf($"== {table}\n", StringComparison.Ordinal);
        var end = dump.IndexOf("\n== ", start + 3, StringComparison.Ordinal);
        return dump[start..end];
    }

    internal static string SyncLine(string dump, string table)
        => dump.Split('\n').Single(l => l.StartsWith($"canvas\t{table}\t", StringComparison.Ordinal));
}
