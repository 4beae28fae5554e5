using System.Text;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;

namespace CanvasData2.Replication.Tests.Migration;

public sealed class HostileNamesTests
{
    private static readonly string LongName = "a_very_long_column_name_" + new string('x', 60);

    [Fact]
    public async Task Create_and_migrate_hostile_names_stay_safe_and_converge()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        var table = new TableName("ns\"; DROP SCHEMA public; --", "tãble \"select\"; --" + new string('é', 40));
        var v1 = "{\"order\": {\"type\": \"string\", \"title\": \"It's \\\"quoted\\\"\\tand tabbed\"}, "
            + "\"sélect\": {\"type\": \"string\", \"enum\": [\"it's\", \"a\\\"b\", \"c;d\"]}, "
            + "\"" + LongName + "\": {\"type\": \"integer\", \"format\": \"int32\"}, \"user\": {\"type\": \"boolean\", \"default\": false}}";
        var v2 = v1.Replace("\"c;d\"]", "\"c;d\", \"ünï'code\"]", StringComparison.Ordinal).Replace("int32", "int64", StringComparison.Ordinal)[..^1]
            + ", \"new\\\"col; DROP TABLE x\": {\"type\": \"string\"}}";

        await db.CreateAsync(SyntheticSchema.Model(table, v1), cancellationToken);
        var (labels, result) = await db.MigrateAsync(SyntheticSchema.Model(table, v2, version: 2), cancellationToken);
        var (_, again) = await db.MigrateAsync(SyntheticSchema.Model(table, v2, version: 2), cancellationToken);

        Assert.Single(labels);
        Assert.Null(result.ReinitNeededReason);
        Assert.Equal(2, result.Changes.Count);
        Assert.Empty(again.Changes);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'public'", cancellationToken));
        var names = await db.ScalarAsync<string[]>(
            "SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname LIKE 'tãble%' AND a.attnum > 0",
            cancellationToken);
        Assert.Equal(6, names.Length);
        Assert.Contains("sélect", names);
        Assert.Contains("new\"col; DROP TABLE x", names);
        Assert.All(names, n => Assert.True(Encoding.UTF8.GetByteCount(n) <= 63));
        Assert.Contains(names, n => n.StartsWith("a_very_long_column_name_", StringComparison.Ordinal));
    }
}
