using System.Text;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>Input the replica cannot take fails with the table, column and key or line named, and leaves nothing behind.</summary>
public sealed class BadInputTests
{
    private const string Header = "meta.ts\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";
    private const string GoodRow = "2026-11-01T00:00:00Z\t1\tAda\tLovelace, Ada\tada\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "unknown column", "meta.ts\tkey.id\tvalue.nickname\n2026-11-01T00:00:00Z\t7\tx\n", "nickname" },
        { "missing key column", "meta.ts\tvalue.name\n2026-11-01T00:00:00Z\tx\n", "key.id" },
        { "bigint overflow", Header + GoodRow.Replace("\t1\tAda", "\t99999999999999999999\tAda", StringComparison.Ordinal), "id" },
        { "NUL escape", Header + GoodRow.Replace("Ada\t", "A\\0da\t", StringComparison.Ordinal), "name" },
        { "not a timestamp", Header + GoodRow.Replace("2026-01-01T00:00:00Z", "yesterday-ish", StringComparison.Ordinal), "created_at" },
        { "unknown enum label", Header + GoodRow.Replace("registered", "vanished", StringComparison.Ordinal), "workflow_state" },
        { "too many fields", Header + GoodRow.Replace("\n", "\textra\n", StringComparison.Ordinal), "line" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_object_fails_clearly_and_can_be_loaded_again_once_fixed(string problem, string tsv, string named)
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var target = new StagingTarget(Users, "j", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(Users), cancellationToken);

        var error = await Assert.ThrowsAsync<ReplicationException>(() => LoadTextAsync(engine, target, "o", tsv, cancellationToken));

        Assert.Contains("canvas.users", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(Users, error.Table);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.\"canvas.users.j\"", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object", cancellationToken));
        var retry = await LoadTextAsync(engine, target, "o", Header + GoodRow, cancellationToken);
        Assert.Equal(1, retry.Rows);
        Assert.False(retry.AlreadyLoaded, problem);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_with_the_column_named()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, _) = await NewEngineAsync();
        await using var __ = engine;
        var target = new StagingTarget(Users, "j", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(Users), cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(Header + GoodRow.Replace("Ada\t", "A#da\t", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xC3;

        var error = await Assert.ThrowsAsync<ReplicationException>(() => LoadBytesAsync(engine, target, "o", bytes, cancellationToken));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task NaN_into_a_decimal_column_is_refused_with_column_and_key()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, _) = await NewEngineAsync();
        await using var __ = engine;
        var products = new TableName("catalog", "products");
        var target = new StagingTarget(products, "j", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(products), cancellationToken);

        var error = await Assert.ThrowsAsync<ReplicationException>(
            () => LoadTextAsync(engine, target, "o", "meta.ts\tkey.id\tvalue.price\n2026-11-01T00:00:00Z\t42\tNaN\n", cancellationToken));

        Assert.Equal("price", error.Column);
        Assert.Contains("key 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_value_fails_the_load_naming_table_column_and_line_and_keeps_the_old_table()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "first", cancellationToken);
        var second = new StagingTarget(Users, "second", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(second, OfficialFixtures.Schema(Users), cancellationToken);

        // The snapshot's staging table has the live table's NOT NULLs, so COPY refuses the row as it arrives.
        var error = await Assert.ThrowsAsync<ReplicationException>(
            () => LoadTextAsync(engine, second, "o", Header + GoodRow + GoodRow.Replace("Z\t1\t", "Z\t2\t", StringComparison.Ordinal).Replace("\tUTC\t", "\t\\N\t", StringComparison.Ordinal), cancellationToken));

        Assert.Equal("time_zone", error.Column);
        Assert.Contains("canvas.users", error.Message, StringComparison.Ordinal);
        Assert.Contains("data line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(Users, cancellationToken));
    }
}
