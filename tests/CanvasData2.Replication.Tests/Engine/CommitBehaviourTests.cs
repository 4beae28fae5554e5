using CanvasData2.Replication.Sql;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>Repeats, races and readers: commits are idempotent, serialized per table and atomic.</summary>
public sealed class CommitBehaviourTests
{
    [Fact]
    public async Task Repeated_objects_and_commits_are_harmless()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var init = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await StageFixtureAsync(engine, init, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);
        await engine.PrepareStagingAsync(init, OfficialFixtures.Schema(Users), cancellationToken);
        var again = await StageFixtureAsync(engine, init, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(400, again);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        Assert.Equal(CommitOutcome.AlreadyCommitted, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        Assert.True((await LoadTextAsync(engine, init, "late", "meta.ts\tkey.id\n", cancellationToken)).AlreadyLoaded);

        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await StageFixtureAsync(engine, sync, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Equal(CommitOutcome.AlreadyCommitted, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step1/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'canvasdata2' AND tablename LIKE 'canvas.%'", cancellationToken));
    }

    [Fact]
    public async Task Autovacuum_leaves_staging_tables_alone_and_serves_the_published_table()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        const string Options = """
            SELECT coalesce(array_to_string(c.reloptions, ','), '') || ' / ' || coalesce(array_to_string(t.reloptions, ','), '')
            FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
            """;

        // A commit's DDL would wait for an automatic ANALYZE of its staging table until the deadlock check cancels it.
        var init = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await StageFixtureAsync(engine, init, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);
        var off = "autovacuum_enabled=false / autovacuum_enabled=false\n";
        Assert.Equal(off, await CopyOutAsync(db, $"COPY ({Options} WHERE c.relname = 'canvas.users.init') TO STDOUT", cancellationToken));
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        Assert.Equal(" / \n", await CopyOutAsync(db, $"COPY ({Options} WHERE c.oid = 'canvas.users'::regclass) TO STDOUT", cancellationToken));

        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(off, await CopyOutAsync(db, $"COPY ({Options} WHERE c.relname = 'canvas.users.sync') TO STDOUT", cancellationToken));
    }

    [Fact]
    public async Task The_merge_runs_without_jit()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);

        // A user's statement trigger on the live table sees the session settings of the statement that fires it.
        await ExecuteAsync(db, """
            CREATE TABLE public.jit_seen (setting text);
            CREATE FUNCTION public.note_jit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO public.jit_seen VALUES (current_setting('jit')); RETURN NULL; END $$;
            CREATE TRIGGER note_jit AFTER INSERT OR UPDATE OR DELETE ON canvas.users FOR EACH STATEMENT EXECUTE FUNCTION public.note_jit();
            """, cancellationToken);
        Assert.Equal("on\n", await CopyOutAsync(db, "COPY (SELECT current_setting('jit')) TO STDOUT", cancellationToken));

        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await StageFixtureAsync(engine, sync, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);

        Assert.Equal("off\n", await CopyOutAsync(db, "COPY (SELECT string_agg(DISTINCT setting, ',') FROM public.jit_seen) TO STDOUT", cancellationToken));
    }

    [Fact]
    public async Task A_sync_that_does_not_start_where_the_table_is_is_stale_and_changes_nothing()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await StageFixtureAsync(engine, sync, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);

        var result = await engine.CommitSyncAsync(sync, Step1, Step3, cancellationToken);

        Assert.Equal(CommitOutcome.Stale, result.Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(Users, cancellationToken));
    }

    [Fact]
    public async Task A_commit_waits_for_the_table_lock_a_bounded_time_then_says_busy()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { LockWait = TimeSpan.FromMilliseconds(200) });
        await using var _ = engine;
        var init = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await StageFixtureAsync(engine, init, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);

        await using (var holder = new NpgsqlConnection(db))
        {
            await holder.OpenAsync(cancellationToken);
            await using var transaction = await holder.BeginTransactionAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", holder, transaction);
            take.Parameters.AddWithValue(TableLock.KeyOf("commit", Users));
            await take.ExecuteNonQueryAsync(cancellationToken);

            Assert.Equal(CommitOutcome.Busy, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        }

        Assert.IsType<InitNeeded>(await engine.PlanAsync(Users, cancellationToken));
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
    }

    [Fact]
    public async Task Concurrent_syncs_of_one_table_commit_once_and_the_other_is_stale_or_busy()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var first = new StagingTarget(Users, "sync-a", StagingKind.Changes);
        var second = new StagingTarget(Users, "sync-b", StagingKind.Changes);
        await StageFixtureAsync(engine, first, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);
        await StageFixtureAsync(engine, second, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);

        var results = await Task.WhenAll(engine.CommitSyncAsync(first, Step0, Step1, cancellationToken), engine.CommitSyncAsync(second, Step0, Step1, cancellationToken));

        Assert.Single(results, r => r.Outcome == CommitOutcome.Committed);
        Assert.Single(results, r => r.Outcome is CommitOutcome.Stale or CommitOutcome.Busy);
        Assert.Equal(OfficialFixtures.Read("data-step1/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }

    [Fact]
    public async Task Readers_during_a_reinit_see_the_old_table_or_the_new_one_never_half()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "first", cancellationToken);
        var second = new StagingTarget(Users, "second", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(second, OfficialFixtures.Schema(Users), cancellationToken);
        var header = "meta.ts\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";
        var rows = string.Concat(Enumerable.Range(1, 1000).Select(i => $"2026-11-01T00:00:00Z\t{i}\tn{i}\ts{i}\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n"));
        await LoadTextAsync(engine, second, "only", header + rows, cancellationToken);

        var counts = new System.Collections.Concurrent.ConcurrentQueue<long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(
            async () =>
            {
                await using var connection = new NpgsqlConnection(db);
                await connection.OpenAsync(cancellationToken);
                while (!stop.IsCancellationRequested)
                {
                    await using var count = new NpgsqlCommand("SELECT count(*) FROM canvas.users", connection);
                    counts.Enqueue((long)(await count.ExecuteScalarAsync(cancellationToken))!);
                }
            },
            cancellationToken);
        while (counts.Count < 3)
        {
            await Task.Delay(10, cancellationToken);
        }

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(second, Step1, cancellationToken)).Outcome);
        var seen = counts.Count;
        while (counts.Count < seen + 3)
        {
            await Task.Delay(10, cancellationToken);
        }

        await stop.CancelAsync();
        await reader;
        Assert.All(counts, c => Assert.True(c is 400 or 1000, $"a reader saw {c} rows"));
        Assert.Equal(1000, counts.Last());
    }
}
