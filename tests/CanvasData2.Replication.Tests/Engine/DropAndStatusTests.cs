using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

public sealed class DropAndStatusTests
{
    [Fact]
    public async Task Drop_removes_table_enum_types_views_and_meta_row_in_one_go()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        await ExecuteAsync(db, "CREATE VIEW public.active_users AS SELECT id, name FROM canvas.users WHERE workflow_state = 'registered'", cancellationToken);

        var result = await engine.DropAsync(Users, cancellationToken);

        Assert.True(result.Dropped);
        Assert.Single(result.DroppedViews);
        Assert.Contains("active_users", result.DroppedViews[0], StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM pg_class WHERE relname IN ('users', 'active_users')", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM pg_type WHERE typname LIKE 'users\\_\\_%'", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM instructure_dap.table_sync", cancellationToken));
        Assert.IsType<InitNeeded>(await engine.PlanAsync(Users, cancellationToken));
        Assert.False((await engine.DropAsync(Users, cancellationToken)).Dropped);
    }

    [Fact]
    public async Task Status_lists_version_last_sync_and_exact_rows_per_table()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var services = new ServiceCollection();
        services.AddReplica(await TestPostgres.CreateDatabaseAsync("eng"), o => o.LockWait = TimeSpan.FromSeconds(5));
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IReplicaEngine>();
        Assert.Empty(await engine.GetStatusAsync(cancellationToken: cancellationToken));

        foreach (var table in new[] { Users, Assignments })
        {
            await InitFromFixtureAsync(engine, table, "init", cancellationToken);
        }

        var status = await engine.GetStatusAsync("canvas", cancellationToken);

        Assert.Equal(
            [new TableStatus(Assignments, 1, Step0, 350), new TableStatus(Users, 1, Step0, 400)],
            status.OrderBy(s => s.Table.Table, StringComparer.Ordinal));
        Assert.Empty(await engine.GetStatusAsync("catalog", cancellationToken));

        // After a sync with inserts and deletes the count is exact at once (statistics would still say 400).
        var sync = new StagingTarget(Users, "sync1", StagingKind.Changes);
        await StageFixtureAsync(engine, sync, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
        Assert.Contains(new TableStatus(Users, 1, Step1, 402), await engine.GetStatusAsync("canvas", cancellationToken));
    }

    [Fact]
    public async Task Bookkeeping_adopts_a_0_3_dap_meta_like_the_official_upgrade()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await ExecuteAsync(
            db,
            """
            CREATE SCHEMA canvas;
            CREATE TABLE canvas.dap_meta (id integer PRIMARY KEY, namespace varchar(64) NOT NULL, source_table varchar(64) NOT NULL,
                "timestamp" timestamp NOT NULL, schema_version integer NOT NULL, target_schema varchar(64), target_table varchar(64) NOT NULL,
                schema_description_format varchar(64) NOT NULL, schema_description text NOT NULL,
                CONSTRAINT "UQ__dap_meta__namespace__source_table" UNIQUE (namespace, source_table));
            INSERT INTO canvas.dap_meta VALUES (7, 'canvas', 'users', '2026-10-01 12:00:00', 3, 'canvas', 'users', 'json', '{}');
            CREATE TABLE canvas.users (id bigint PRIMARY KEY);
            """,
            cancellationToken);

        await engine.EnsureBookkeepingAsync(cancellationToken);
        await engine.EnsureBookkeepingAsync(cancellationToken);

        Assert.Equal(new SyncFrom(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero), 3), await engine.PlanAsync(Users, cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM canvas.dap_meta_backup", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM instructure_dap.table_sync", cancellationToken));
        Assert.Equal("1\n", await CopyOutAsync(db, "COPY instructure_dap.database_version TO STDOUT", cancellationToken));
    }

    [Fact]
    public async Task Bookkeeping_tables_are_spelled_exactly_as_the_official_client_creates_them()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await engine.EnsureBookkeepingAsync(cancellationToken);

        // Session SET lines land in whichever block precedes the first table: not part of any object.
        static List<string> Objects(string dump) => PgDump.Blocks(dump, "instructure_dap")
            .Select(b => string.Join('\n', b.Split('\n').Where(l => !l.StartsWith("SET ", StringComparison.Ordinal))).TrimEnd()).ToList();
        var ours = Objects(await PgDump.SchemaOnlyAsync(db, ["instructure_dap"], cancellationToken));
        var official = Objects(OfficialFixtures.Read("ddl-step0.sql"));
        Assert.Equal(official, ours);
    }
}
