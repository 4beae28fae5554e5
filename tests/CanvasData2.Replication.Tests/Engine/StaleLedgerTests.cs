using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// The replica's own state decides, not the <c>canvasdata2</c> ledger: when another tool drops or rebuilds a
/// table, an init that DAP answers with the same (reused) job id loads it again instead of saying "already committed".
/// </summary>
public sealed class StaleLedgerTests
{
    public static TheoryData<string> Drops => new()
    {
        // The official client's dropdb: its table_sync row, then the table (no CASCADE).
        """DELETE FROM instructure_dap.table_sync WHERE source_namespace = 'canvas' AND source_table = 'users'; DROP TABLE canvas.users""",
        "DROP SCHEMA canvas CASCADE",
        "DROP SCHEMA canvas CASCADE; DROP SCHEMA instructure_dap CASCADE",
    };

    [Theory]
    [MemberData(nameof(Drops))]
    public async Task A_table_dropped_behind_the_ledger_is_initialized_again_by_the_same_job(string drop)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await TakeOverTests.RestoreOfficialStep0Async(db, cancellationToken);
        await InitFromFixtureAsync(engine, Users, "reused-job", cancellationToken);
        await ExecuteAsync(db, drop, cancellationToken);
        Assert.IsType<InitNeeded>(await engine.PlanAsync(Users, cancellationToken));

        var target = new StagingTarget(Users, "reused-job", StagingKind.Snapshot);
        var rows = await StageFixtureAsync(engine, target, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);
        var result = await engine.CommitInitAsync(target, Step0, cancellationToken);

        Assert.Equal(400, rows);
        Assert.Equal(CommitOutcome.Committed, result.Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(FixtureTableSync("table_sync-step0.tsv", Users), await TableSyncAsync(db, Users, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(Users, cancellationToken));
        Assert.Equal(CommitOutcome.AlreadyCommitted, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job WHERE job_id = 'reused-job'", cancellationToken));
    }

    [Fact]
    public async Task A_table_rebuilt_by_another_tool_makes_the_committed_entry_stale()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "reused-job", cancellationToken);

        // Another tool re-created the table empty and wrote its own table_sync row: the ledger's commit is not what is there.
        await ExecuteAsync(
            db,
            """
            CREATE TABLE canvas.users_copy (LIKE canvas.users INCLUDING ALL);
            DROP TABLE canvas.users;
            ALTER TABLE canvas.users_copy RENAME TO users;
            DELETE FROM instructure_dap.table_sync WHERE source_table = 'users';
            INSERT INTO instructure_dap.table_sync (source_namespace, source_table, "timestamp", schema_version, target_schema, target_table, schema_description_format, schema_description)
            VALUES ('canvas', 'users', '2026-11-01 00:00:00', 1, 'canvas', 'users', 'json', '{}');
            """,
            cancellationToken);

        var target = new StagingTarget(Users, "reused-job", StagingKind.Snapshot);
        await StageFixtureAsync(engine, target, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }

    [Fact]
    public async Task Our_own_drop_forgets_the_tables_committed_jobs()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "reused-job", cancellationToken);
        await InitFromFixtureAsync(engine, Assignments, "reused-job", cancellationToken);

        Assert.True((await engine.DropAsync(Users, cancellationToken)).Dropped);

        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job WHERE source_table = 'users'", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job WHERE source_table = 'assignments'", cancellationToken));
        var target = new StagingTarget(Users, "reused-job", StagingKind.Snapshot);
        await StageFixtureAsync(engine, target, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }

    [Fact]
    public async Task A_ledger_from_before_the_check_is_upgraded_and_its_stale_commit_ignored()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await ExecuteAsync(
            db,
            """
            CREATE SCHEMA canvasdata2;
            CREATE TABLE canvasdata2.staging_job (
                source_namespace text NOT NULL, source_table text NOT NULL, job_id text NOT NULL, kind text NOT NULL,
                staging_table text NOT NULL, schema_version bigint NOT NULL, schema_json text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(), committed_at timestamptz,
                CONSTRAINT pk_staging_job PRIMARY KEY (source_namespace, source_table, job_id));
            INSERT INTO canvasdata2.staging_job VALUES ('canvas', 'users', 'old-job', 'Snapshot', 'canvas.users.old-job', 1, '', now(), now());
            """,
            cancellationToken);

        var target = new StagingTarget(Users, "old-job", StagingKind.Snapshot);
        await StageFixtureAsync(engine, target, "snapshot-step0", OfficialFixtures.Schema(Users), cancellationToken);

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job WHERE table_oid = 'canvas.users'::regclass AND table_sync_id IS NOT NULL", cancellationToken));
    }

    [Fact]
    public async Task A_committed_job_whose_table_is_untouched_stays_committed()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var target = await InitFromFixtureAsync(engine, Users, "job", cancellationToken);
        await ExecuteAsync(db, "UPDATE instructure_dap.table_sync SET \"timestamp\" = '2026-11-01 03:00:00' WHERE source_table = 'users'", cancellationToken);

        Assert.True((await LoadTextAsync(engine, target, "late", "meta.ts\tkey.id\n", cancellationToken)).AlreadyLoaded);
        Assert.Equal(CommitOutcome.AlreadyCommitted, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }
}
