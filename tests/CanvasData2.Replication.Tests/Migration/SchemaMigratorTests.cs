using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;

namespace CanvasData2.Replication.Tests.Migration;

public sealed class SchemaMigratorTests
{
    private static readonly TableName Table = new("canvas", "things");

    private const string V1 = """{"code": {"type": "string", "maxLength": 10}, "n": {"type": "integer", "format": "int16"}, "m": {"type": "integer", "format": "int32"}, "f": {"type": "number", "format": "float32"}, "price": {"type": "number", "multipleOf": 0.01, "exclusiveMinimum": -1000, "exclusiveMaximum": 1000}, "state": {"type": "string", "enum": ["a", "b", "c"]}, "note": {"type": "string"}, "gone": {"type": "string"}}""";

    private const string V2 = """{"code": {"type": "string", "maxLength": 40}, "n": {"type": "integer", "format": "int32"}, "m": {"type": "integer", "format": "int64"}, "f": {"type": "number", "format": "float64"}, "price": {"type": "number", "multipleOf": 0.01, "exclusiveMinimum": -100000, "exclusiveMaximum": 100000}, "state": {"type": "string", "enum": ["a", "b", "c", "d"]}, "note": {"type": "string", "title": "A note"}, "gone": {"type": "string"}}""";

    [Fact]
    public async Task Migrate_widenings_applied_in_place_keeping_the_data()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.CreateAsync(SyntheticSchema.Model(Table, V1), cancellationToken);
        await db.ExecuteAsync("INSERT INTO canvas.things VALUES (1, 'abcdefghij', 32000, 2000000000, 1.5, 999.99, 'b', NULL, 'x')", cancellationToken);
        var v2 = V2;

        var (labels, result) = await db.MigrateAsync(SyntheticSchema.Model(Table, v2, required: """["code"]""", version: 2), cancellationToken);

        Assert.Null(result.ReinitNeededReason);
        Assert.Equal("character varying(40)", await db.ColumnTypeAsync("canvas.things", "code", cancellationToken));
        Assert.Equal("integer", await db.ColumnTypeAsync("canvas.things", "n", cancellationToken));
        Assert.Equal("bigint", await db.ColumnTypeAsync("canvas.things", "m", cancellationToken));
        Assert.Equal("double precision", await db.ColumnTypeAsync("canvas.things", "f", cancellationToken));
        Assert.Equal("numeric(7,2)", await db.ColumnTypeAsync("canvas.things", "price", cancellationToken));
        Assert.True(await db.ScalarAsync<bool>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'canvas.things'::regclass AND attname = 'code'", cancellationToken));
        Assert.Equal("A note", await db.ScalarAsync<string>("SELECT col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid = 'canvas.things'::regclass AND attname = 'note'", cancellationToken));
        Assert.Equal("abcdefghij|32000|2000000000|999.99", await db.ScalarAsync<string>("SELECT concat_ws('|', code, n, m, price) FROM canvas.things", cancellationToken));
        Assert.Equal("b|d", await db.ScalarAsync<string>("SELECT concat_ws('|', state, 'd'::canvas.things__state) FROM canvas.things", cancellationToken));
        Assert.Equal(["enum canvas.things__state: label 'd' added"], labels);
        Assert.Equal(7, result.Changes.Count); // five types, NOT NULL, comment
        Assert.Empty((await db.MigrateAsync(SyntheticSchema.Model(Table, v2, required: """["code"]""", version: 2), cancellationToken)).Result.Changes);
    }

    [Theory]
    [InlineData("\"maxLength\": 10", "\"maxLength\": 5")]
    [InlineData("\"format\": \"int32\"", "\"format\": \"int16\"")]
    [InlineData("\"format\": \"float32\"", "\"multipleOf\": 0.5")]
    [InlineData("\"note\": {\"type\": \"string\"}", "\"note\": {\"type\": \"string\", \"format\": \"date\"}")]
    [InlineData("[\"a\", \"b\", \"c\"]", "[\"a\", \"c\", \"d\"]")]
    public async Task Migrate_narrowing_or_removed_label_reinit_needed_and_touches_nothing(string from, string to)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.CreateAsync(SyntheticSchema.Model(Table, V1), cancellationToken);
        await db.ExecuteAsync("INSERT INTO canvas.things (id, code) VALUES (1, 'abcdefghij')", cancellationToken);
        var before = await db.DumpAsync(cancellationToken, "canvas");
        var v2 = V1.Replace(from, to, StringComparison.Ordinal)[..^1] + ", \"added\": {\"type\": \"string\", \"enum\": [\"p\", \"q\"]}}";
        Assert.NotEqual(V1, v2);

        var (labels, result) = await db.MigrateAsync(SyntheticSchema.Model(Table, v2, version: 2), cancellationToken);

        Assert.Empty(labels);
        Assert.NotNull(result.ReinitNeededReason);
        Assert.Contains("canvas.things", result.ReinitNeededReason, StringComparison.Ordinal);
        Assert.Empty(result.Changes);
        Assert.Equal(before, await db.DumpAsync(cancellationToken, "canvas"));
    }

    [Fact]
    public async Task Migrate_column_removed_from_the_schema_dropped_only_when_the_previous_schema_had_it()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        var v1 = SyntheticSchema.Model(Table, V1, required: """["gone"]""");
        await db.CreateAsync(v1, cancellationToken);
        await db.ExecuteAsync("ALTER TABLE canvas.things ADD COLUMN users_own text NOT NULL DEFAULT 'mine', ADD COLUMN users_strict int NOT NULL", cancellationToken);
        var v2 = SyntheticSchema.Model(Table, V1.Replace(", \"gone\": {\"type\": \"string\"}", string.Empty, StringComparison.Ordinal), version: 2);

        var (_, result) = await db.MigrateAsync(v2, cancellationToken, previous: v1);

        Assert.Equal(["column gone dropped (removed from the schema)", "column users_strict (not in the schema) made nullable"], result.Changes.Order(StringComparer.Ordinal));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'canvas.things'::regclass AND attname = 'gone' AND NOT attisdropped", cancellationToken));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'canvas.things'::regclass AND attname LIKE 'users_%'", cancellationToken));
    }

    [Fact]
    public async Task Migrate_required_column_set_not_null_only_without_nulls()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.CreateAsync(SyntheticSchema.Model(Table, V1), cancellationToken);
        await db.ExecuteAsync("INSERT INTO canvas.things (id, code, note) VALUES (1, 'a', NULL)", cancellationToken);

        var (_, result) = await db.MigrateAsync(SyntheticSchema.Model(Table, V1, required: """["code", "note"]""", version: 2), cancellationToken);

        Assert.Equal(["column code: NOT NULL set"], result.Changes);
    }

    [Fact]
    public async Task Migrate_array_element_widening_applied_with_the_data()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        const string from = """{"tags": {"type": "array", "items": {"type": "string", "maxLength": 5}}, "ids": {"type": "array", "items": {"type": "integer", "format": "int32"}}}""";
        await db.CreateAsync(SyntheticSchema.Model(Table, from), cancellationToken);
        await db.ExecuteAsync("INSERT INTO canvas.things VALUES (1, '{a,\"b c\"}', '{1,2}')", cancellationToken);

        var (_, result) = await db.MigrateAsync(SyntheticSchema.Model(Table, from.Replace("5", "50", StringComparison.Ordinal).Replace("int32", "int64", StringComparison.Ordinal), version: 2), cancellationToken);

        Assert.Equal(2, result.Changes.Count);
        Assert.Equal("character varying(50)[]", await db.ColumnTypeAsync("canvas.things", "tags", cancellationToken));
        Assert.Equal("bigint[]", await db.ColumnTypeAsync("canvas.things", "ids", cancellationToken));
        Assert.Equal("{a,\"b c\"}|{1,2}", await db.ScalarAsync<string>("SELECT tags::text || '|' || ids::text FROM canvas.things", cancellationToken));
    }
}
