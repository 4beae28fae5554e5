using CanvasData2.Model;
using CanvasData2.Replication.Migration;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;

namespace CanvasData2.Replication.Tests.Migration;

public sealed class DependentViewsTests
{
    private static readonly TableName Table = new("canvas", "things");

    private const string V1 = """{"code": {"type": "string", "maxLength": 10}, "n": {"type": "integer", "format": "int16"}, "gone": {"type": "string"}}""";

    private const string V2 = """{"code": {"type": "string", "maxLength": 40}, "n": {"type": "integer", "format": "int32"}}""";

    [Fact]
    public async Task Migrate_type_change_under_views_recreates_views_matview_grants_comments_and_indexes()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        var reader = "reader_" + Guid.NewGuid().ToString("N")[..8];
        await db.CreateAsync(SyntheticSchema.Model(Table, V1), cancellationToken);
        await db.ExecuteAsync(
            $"""
            CREATE ROLE {reader};
            INSERT INTO canvas.things VALUES (1, 'x', 3, NULL), (2, 'y', 0, NULL);
            CREATE VIEW canvas.v_things WITH (security_barrier = true) AS SELECT id, code, n FROM canvas.things;
            COMMENT ON VIEW canvas.v_things IS 'Things, viewed';
            COMMENT ON COLUMN canvas.v_things.code IS 'The code';
            GRANT SELECT ON canvas.v_things TO {reader};
            CREATE VIEW canvas.v_on_v AS SELECT code FROM canvas.v_things WHERE n > 0;
            CREATE MATERIALIZED VIEW canvas.mv_things AS SELECT code, count(*) AS c FROM canvas.things GROUP BY code;
            CREATE UNIQUE INDEX mv_things_code ON canvas.mv_things (code);
            COMMENT ON MATERIALIZED VIEW canvas.mv_things IS 'Counted';
            GRANT SELECT ON canvas.mv_things TO {reader} WITH GRANT OPTION;
            """,
            cancellationToken);

        var (_, result) = await db.MigrateAsync(SyntheticSchema.Model(Table, V2, version: 2), cancellationToken);

        Assert.Null(result.ReinitNeededReason);
        Assert.Equal("character varying(40)", await db.ColumnTypeAsync("canvas.v_things", "code", cancellationToken));
        Assert.Equal("integer", await db.ColumnTypeAsync("canvas.v_things", "n", cancellationToken));
        Assert.Equal("Things, viewed", await db.ScalarAsync<string>("SELECT obj_description('canvas.v_things'::regclass, 'pg_class')", cancellationToken));
        Assert.Equal("The code", await db.ScalarAsync<string>("SELECT col_description('canvas.v_things'::regclass, 2)", cancellationToken));
        Assert.Equal("{security_barrier=true}", await db.ScalarAsync<string>("SELECT reloptions::text FROM pg_class WHERE oid = 'canvas.v_things'::regclass", cancellationToken));
        Assert.True(await db.ScalarAsync<bool>($"SELECT has_table_privilege('{reader}', 'canvas.v_things', 'SELECT')", cancellationToken));
        Assert.True(await db.ScalarAsync<bool>($"SELECT has_table_privilege('{reader}', 'canvas.mv_things', 'SELECT WITH GRANT OPTION')", cancellationToken));
        Assert.Equal("x", await db.ScalarAsync<string>("SELECT string_agg(code, ',') FROM canvas.v_on_v", cancellationToken));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM canvas.mv_things", cancellationToken));
        Assert.Equal("Counted", await db.ScalarAsync<string>("SELECT obj_description('canvas.mv_things'::regclass, 'pg_class')", cancellationToken));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE schemaname = 'canvas' AND indexname = 'mv_things_code'", cancellationToken));
    }

    [Fact]
    public async Task Migrate_drop_of_a_column_a_view_uses_fails_naming_the_view_and_rolls_back()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        var v1 = SyntheticSchema.Model(Table, V1);
        await db.CreateAsync(v1, cancellationToken);
        await db.ExecuteAsync("CREATE VIEW canvas.uses_gone AS SELECT id, gone FROM canvas.things", cancellationToken);
        var before = await db.DumpAsync(cancellationToken, "canvas");

        var error = await Assert.ThrowsAsync<ReplicationException>(() => db.MigrateAsync(SyntheticSchema.Model(Table, V2, version: 2), cancellationToken, previous: v1));

        Assert.Contains("canvas.uses_gone", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.DumpAsync(cancellationToken, "canvas"));
    }

    [Fact]
    public async Task Save_and_drop_then_restore_without_changes_gives_the_same_dump()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.CreateAsync(SyntheticSchema.Model(Table, V1), cancellationToken);
        await db.ExecuteAsync(
            """
            CREATE VIEW canvas.a AS SELECT id, code FROM canvas.things;
            CREATE VIEW canvas.b AS SELECT a.code, t.n FROM canvas.a JOIN canvas.things t USING (id);
            CREATE MATERIALIZED VIEW canvas.c AS SELECT code FROM canvas.b WITH NO DATA;
            """,
            cancellationToken);
        var before = await db.DumpAsync(cancellationToken, "canvas");

        var saved = await DependentViews.SaveAndDropAsync(db.Connection, "canvas", "things", cancellationToken);
        Assert.Equal(["canvas.a", "canvas.b", "canvas.c"], saved.Names);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname IN ('a', 'b', 'c')", cancellationToken));
        await saved.RestoreAsync(db.Connection, cancellationToken);

        Assert.Equal(before, await db.DumpAsync(cancellationToken, "canvas"));
    }
}
