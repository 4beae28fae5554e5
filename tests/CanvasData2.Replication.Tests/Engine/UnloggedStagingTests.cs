using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// Change staging tables are UNLOGGED. When any backend dies by signal, PostgreSQL ends every session and runs
/// crash recovery without restarting the postmaster: unlogged tables come back empty while the ledger (logged)
/// still lists the loaded objects. Each test kills a real backend with SIGKILL on a cluster of its own, then
/// checks that no commit publishes what was lost and that the job, loaded again, ends exact.
/// </summary>
public sealed class UnloggedStagingTests
{
    private const string Header = "meta.ts\tmeta.action\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";
    private const string ChangeOne = Header + "2026-11-01T03:00:00Z\tU\t1\tchanged\tx\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";
    private const string ChangeTwo = Header + "2026-11-01T03:00:01Z\tU\t2\talso changed\ty\ty\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    [Fact]
    public async Task Crash_after_a_load_the_commit_publishes_nothing_discards_the_job_and_a_reload_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var run = await StagedSyncAsync(cancellationToken);
        var (server, db, engine, sync) = (run.Server, run.Db, run.Engine, run.Sync);
        var before = await DumpAsync(db, Users, cancellationToken);
        await LoadTextAsync(engine, sync, "o", ChangeOne, cancellationToken);
        Assert.Equal("u\n", await CopyOutAsync(db, "COPY (SELECT relpersistence FROM pg_class WHERE relname = 'canvas.users.sync') TO STDOUT", cancellationToken));

        await server.KillBackendAsync(cancellationToken);

        // What the crash did: the staged row is gone, the ledger still says one row was loaded.
        Assert.Equal(0, await ScalarAsync(db, """SELECT count(*) FROM canvasdata2."canvas.users.sync" """, cancellationToken));
        var commit = await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken);

        Assert.Equal(CommitOutcome.StagingLost, commit.Outcome);
        Assert.Contains("canvas.users", commit.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(Users, cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job WHERE job_id = 'sync'", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object WHERE job_id = 'sync'", cancellationToken));

        // The same job loaded again: the change is applied, once.
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        Assert.False((await LoadTextAsync(engine, sync, "o", ChangeOne, cancellationToken)).AlreadyLoaded);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Equal("changed", await NameOfAsync(db, 1, cancellationToken));
        Assert.Equal(new SyncFrom(Step1, 1), await engine.PlanAsync(Users, cancellationToken));
    }

    [Fact]
    public async Task Crash_between_two_loads_is_caught_although_staging_is_not_empty()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var run = await StagedSyncAsync(cancellationToken);
        var (server, db, engine, sync) = (run.Server, run.Db, run.Engine, run.Sync);
        var before = await DumpAsync(db, Users, cancellationToken);
        await LoadTextAsync(engine, sync, "o0", 0, ChangeOne, cancellationToken);

        await server.KillBackendAsync(cancellationToken);
        await LoadTextAsync(engine, sync, "o1", 1, ChangeTwo, cancellationToken);

        // Staging holds object 1 only: a check for an empty table would pass, and lose object 0's change.
        Assert.Equal(1, await ScalarAsync(db, """SELECT count(*) FROM canvasdata2."canvas.users.sync" """, cancellationToken));
        var commit = await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken);

        Assert.Equal(CommitOutcome.StagingLost, commit.Outcome);
        Assert.Contains("1 of the 2 objects with rows", commit.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(db, Users, cancellationToken));
    }

    [Fact]
    public async Task Crash_after_only_empty_objects_loses_nothing_and_the_commit_goes_on()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var run = await StagedSyncAsync(cancellationToken);
        var (server, db, engine, sync) = (run.Server, run.Db, run.Engine, run.Sync);
        await LoadTextAsync(engine, sync, "empty", 0, "", cancellationToken);
        await LoadTextAsync(engine, sync, "header only", 1, Header, cancellationToken);

        await server.KillBackendAsync(cancellationToken);
        await LoadTextAsync(engine, sync, "o", 2, ChangeOne, cancellationToken);

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Equal("changed", await NameOfAsync(db, 1, cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staged_object", cancellationToken));
    }

    [Fact]
    public async Task Crash_while_a_change_object_loads_rolls_the_load_back_and_the_retry_is_exact()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var run = await StagedSyncAsync(cancellationToken);
        var (server, db, engine, sync) = (run.Server, run.Db, run.Engine, run.Sync);

        // The object's stream stalls mid-way, with the load's transaction open on the server, until its backend is killed.
        var stalled = new StallingStream(System.Text.Encoding.UTF8.GetBytes(ChangeOne), stallAfter: Header.Length + 10);
        var load = engine.LoadObjectAsync(sync, "o", 0, stalled, cancellationToken);
        await stalled.Stalled.WaitAsync(cancellationToken);
        await server.KillBackendAsync(cancellationToken, await LoadingBackendAsync(db, cancellationToken));
        stalled.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => load);

        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object WHERE job_id = 'sync'", cancellationToken));
        Assert.False((await LoadTextAsync(engine, sync, "o", ChangeOne, cancellationToken)).AlreadyLoaded);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Equal("changed", await NameOfAsync(db, 1, cancellationToken));
    }

    [Fact]
    public async Task Crash_at_points_of_an_init_keeps_the_logged_snapshot_staging_and_the_init_ends_exact()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var server = await CrashablePostgres.StartAsync(cancellationToken);
        var db = await server.CreateDatabaseAsync(cancellationToken);
        await using var engine = ReplicaEngine.Create(db);
        var init = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, OfficialFixtures.Schema(Users), cancellationToken);
        await server.KillBackendAsync(cancellationToken);

        // Every object, with a crash after each load and before the commit.
        var directory = Path.Combine(OfficialFixtures.Directory, "objects", Users.ToString(), "snapshot-step0");
        var ordinal = 0;
        foreach (var file in Directory.GetFiles(directory, "*.tsv.gz").Order(StringComparer.Ordinal))
        {
            await using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress);
            await engine.LoadObjectAsync(init, Path.GetFileName(file), ordinal++, gzip, cancellationToken);
            await server.KillBackendAsync(cancellationToken);
        }

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }

    /// <summary>A cluster of the test's own, canvas.users initialized from the fixture, and a change job prepared.</summary>
    private static async Task<StagedSync> StagedSyncAsync(CancellationToken cancellationToken)
    {
        var server = await CrashablePostgres.StartAsync(cancellationToken);
        var db = await server.CreateDatabaseAsync(cancellationToken);
        var engine = ReplicaEngine.Create(db);
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        return new StagedSync(server, db, engine, sync);
    }

    private sealed record StagedSync(CrashablePostgres Server, string Db, ReplicaEngine Engine, StagingTarget Sync) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<string> NameOfAsync(string db, long id, CancellationToken cancellationToken)
        => (await CopyOutAsync(db, $"COPY (SELECT name FROM canvas.users WHERE id = {id}) TO STDOUT", cancellationToken)).TrimEnd('\n');

    /// <summary>The backend of the load: the one session of the database with a transaction open.</summary>
    private static async Task<int> LoadingBackendAsync(string db, CancellationToken cancellationToken)
        => (int)await ScalarAsync(
            db,
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()",
            cancellationToken);
}
