using System.Text;
using CanvasData2.Model;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// The commit skips the de-duplication pass when the objects' key fingerprints show which rows a later row of
/// their key supersedes: exactly for a key of one integer column, for other keys only when none repeats. A key
/// spelled two ways, a repeat within or across objects, or an object without fingerprints (loaded by an older
/// version) is still kept to its last row.
/// </summary>
public sealed class KeyFingerprintTests
{
    private const string Header = "meta.ts\tmeta.action\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";

    private static string Update(string id, string name) => $"2026-11-01T03:00:00Z\tU\t{id}\t{name}\tx, {name}\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    private static string Delete(string id) => $"2026-11-01T03:00:00Z\tD\t{id}\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n";

    [Fact]
    public void Integer_keys_are_fingerprinted_by_value_and_text_keys_byte_for_byte()
    {
        Assert.Equal(Fingerprint(ColumnKind.BigInt, "1"), Fingerprint(ColumnKind.BigInt, "01"));
        Assert.NotEqual(Fingerprint(ColumnKind.BigInt, "1"), Fingerprint(ColumnKind.BigInt, "2"));
        Assert.NotEqual(Fingerprint(ColumnKind.Text, "a"), Fingerprint(ColumnKind.Text, "A"));
        Assert.NotEqual(Fingerprint(ColumnKind.Text, "ab", "c"), Fingerprint(ColumnKind.Text, "a", "bc"));
        Assert.Null(Fingerprint(ColumnKind.Text, "a\\tb"));
        Assert.Null(Fingerprint(ColumnKind.BigInt, "\\N"));
        Assert.False(KeyFingerprints.Supports(ColumnKind.Uuid));
    }

    [Fact]
    public void Composite_keys_are_fingerprinted_in_the_models_key_order_whatever_order_the_header_gives()
    {
        var inKeyOrder = Fingerprint((0, ColumnKind.BigInt, "1"), (1, ColumnKind.Text, "x"));
        var reordered = Fingerprint((1, ColumnKind.Text, "x"), (0, ColumnKind.BigInt, "1"));

        Assert.Equal(inKeyOrder, reordered);
        Assert.NotEqual(inKeyOrder, Fingerprint((0, ColumnKind.BigInt, "1"), (1, ColumnKind.Text, "y")));
        // The same values in swapped places are another key.
        Assert.NotEqual(Fingerprint((0, ColumnKind.Text, "a"), (1, ColumnKind.Text, "b")), Fingerprint((0, ColumnKind.Text, "b"), (1, ColumnKind.Text, "a")));
    }

    [Theory]
    [InlineData("key.b\tkey.a", "key.a\tkey.b")]
    [InlineData("key.a\tkey.b", "key.b\tkey.a")]
    [InlineData("key.b\tkey.a", "key.b\tkey.a")]
    public async Task Composite_key_deleted_then_updated_across_objects_with_reordered_headers_keeps_the_update(string firstKeys, string secondKeys)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var connectionString = await TestPostgres.CreateDatabaseAsync("eng");
        await using var engine = ReplicaEngine.Create(connectionString);
        var table = new TableName("canvas", "pairs");
        var schema = SyntheticSchema.Of("""{"v": {"type": "string"}}""", key: """{"b": {"type": "integer", "format": "int64"}, "a": {"type": "string", "maxLength": 10}}""", keyRequired: """["b", "a"]""");
        var sync = await InitThenPrepareSyncAsync(engine, table, schema, "key.b\tkey.a\tvalue.v\n1\tx\told\n2\ty\tkept\n", cancellationToken);
        await LoadTextAsync(engine, sync, "o0", 0, Change(firstKeys, "D", "\\N"), cancellationToken);
        await LoadTextAsync(engine, sync, "o1", 1, Change(secondKeys, "U", "new"), cancellationToken);
        var commit = await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken);

        Assert.Equal(CommitOutcome.Committed, commit.Outcome);
        Assert.Equal("1\tx\tnew\n2\ty\tkept\n", await CopyOutAsync(connectionString, "COPY (SELECT b, a, v FROM canvas.pairs ORDER BY b) TO STDOUT", cancellationToken));
    }

    /// <summary>One change row of key (b=1, a=x), its key fields in the order <paramref name="keys"/> names them.</summary>
    private static string Change(string keys, string action, string value)
    {
        var values = keys.Split('\t').Select(k => k == "key.b" ? "1" : "x");
        return $"meta.ts\tmeta.action\t{keys}\tvalue.v\n2026-11-01T03:00:00Z\t{action}\t{string.Join('\t', values)}\t{value}\n";
    }

    [Fact]
    public void Superseded_rows_are_named_exactly_for_integer_keys_and_hashed_repeats_leave_it_to_the_pass()
    {
        var first = Rows(orderBase: 1L << 32, "1", "2", "3", "01");
        var second = Rows(orderBase: 2L << 32, "3", "4");

        Assert.Equal(Array.Empty<long>(), KeyFingerprints.Superseded([Rows(orderBase: 1L << 32, "1", "2"), second, []], exact: true));
        Assert.Equal([(1L << 32) + 2, (1L << 32) + 4], KeyFingerprints.Superseded([second, first], exact: true)!.Order());
        Assert.Null(KeyFingerprints.Superseded([first, second], exact: false));
        Assert.Equal(Array.Empty<long>(), KeyFingerprints.Superseded([Rows(orderBase: 0, "1", "2"), second], exact: false));
        Assert.Null(KeyFingerprints.Superseded([second, null], exact: true));
    }

    [Fact]
    public void Rows_out_of_order_or_past_the_bound_leave_no_fingerprints()
    {
        var prints = new KeyFingerprints(1);
        prints.Add(0, ColumnKind.BigInt, "1"u8);
        prints.EndRow(2);
        prints.Add(0, ColumnKind.BigInt, "2"u8);
        prints.EndRow(4);

        Assert.Null(prints.Result());
        Assert.Equal(Array.Empty<byte>(), new KeyFingerprints(1).Result());
    }

    [Fact]
    public async Task Distinct_keys_skip_the_pass_and_a_key_spelled_two_ways_across_objects_still_keeps_its_last_action()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, connectionString, events) = await EngineWithEventsAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);

        var distinct = new StagingTarget(Users, "distinct", StagingKind.Changes);
        await engine.PrepareStagingAsync(distinct, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, distinct, "a", 0, Header + Update("1", "one") + Delete("2"), cancellationToken);
        await LoadTextAsync(engine, distinct, "b", 1, Header + Update("3", "three"), cancellationToken);
        var first = await engine.CommitSyncAsync(distinct, Step0, Step1, cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 2L, 1L), (first.Outcome, first.RowsUpserted, first.RowsDeleted));
        Assert.Equal(1, events.Count(2006));

        // "01" and "1" are one bigint key: deleted in the first object, updated in the second, so it stays. The
        // fingerprints find the deleting row superseded; without that the merge would meet the key twice and fail.
        var spelled = new StagingTarget(Users, "spelled", StagingKind.Changes);
        await engine.PrepareStagingAsync(spelled, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, spelled, "a", 0, Header + Delete("01"), cancellationToken);
        await LoadTextAsync(engine, spelled, "b", 1, Header + Update("1", "again"), cancellationToken);
        var second = await engine.CommitSyncAsync(spelled, Step1, Step1.AddHours(3), cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 1L, 0L), (second.Outcome, second.RowsUpserted, second.RowsDeleted));
        Assert.Equal(2, events.Count(2006));
        Assert.Equal("1\tagain\n3\tthree\n", await CopyOutAsync(connectionString, "COPY (SELECT id, name FROM canvas.users WHERE id IN (1, 2, 3) ORDER BY id) TO STDOUT", cancellationToken));
    }

    [Fact]
    public async Task A_repeated_text_key_is_kept_to_its_last_row_by_the_pass()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, connectionString, events) = await EngineWithEventsAsync();
        await using var _ = engine;
        var table = new TableName("canvas", "named");
        var schema = SyntheticSchema.Of("""{"v": {"type": "string"}}""", key: """{"id": {"type": "string", "maxLength": 36}}""", keyRequired: """["id"]""");
        var sync = await InitThenPrepareSyncAsync(engine, table, schema, "key.id\tvalue.v\na\told\nb\tkept\n", cancellationToken);
        const string Changes = "meta.ts\tmeta.action\tkey.id\tvalue.v\n";
        await LoadTextAsync(engine, sync, "o0", 0, Changes + "2026-11-01T03:00:00Z\tU\ta\tfirst\n2026-11-01T03:00:00Z\tU\tc\tnew\n", cancellationToken);
        await LoadTextAsync(engine, sync, "o1", 1, Changes + "2026-11-01T03:00:00Z\tU\ta\tsecond\n", cancellationToken);
        var commit = await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 2L), (commit.Outcome, commit.RowsUpserted));
        Assert.Equal(0, events.Count(2006));
        Assert.Equal("a\tsecond\nb\tkept\nc\tnew\n", await CopyOutAsync(connectionString, "COPY (SELECT id, v FROM canvas.named ORDER BY id) TO STDOUT", cancellationToken));
    }

    private static async Task<(ReplicaEngine Engine, string ConnectionString, EventIds Events)> EngineWithEventsAsync()
    {
        var events = new EventIds();
        var connectionString = await TestPostgres.CreateDatabaseAsync("eng");
        return (ReplicaEngine.Create(connectionString, logger: events), connectionString, events);
    }

    /// <summary>Initializes <paramref name="table"/> from <paramref name="snapshot"/> (a TSV object with its header) and prepares a change job on it.</summary>
    private static async Task<StagingTarget> InitThenPrepareSyncAsync(ReplicaEngine engine, TableName table, TableSchema schema, string snapshot, CancellationToken cancellationToken)
    {
        var init = new StagingTarget(table, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, schema, cancellationToken);
        await LoadTextAsync(engine, init, "s", snapshot, cancellationToken);
        await engine.CommitInitAsync(init, Step0, cancellationToken);

        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, schema, cancellationToken);
        return sync;
    }

    private static ulong[]? Fingerprint(ColumnKind kind, params string[] fields)
        => Fingerprint(fields.Select((field, order) => (order, kind, field)).ToArray());

    /// <summary>One row's fingerprint, its key fields added in the order given (each with its place in the key).</summary>
    private static ulong[]? Fingerprint(params (int KeyOrder, ColumnKind Kind, string Value)[] fields)
    {
        var prints = new KeyFingerprints(fields.Length);
        foreach (var (keyOrder, kind, value) in fields)
        {
            prints.Add(keyOrder, kind, Encoding.UTF8.GetBytes(value));
        }

        prints.EndRow(2);
        return prints.Result() is { } bytes ? [BitConverter.ToUInt64(bytes, sizeof(ulong))] : null;
    }

    /// <summary>The fingerprints of an object whose rows hold <paramref name="ids"/>, its first row at order <paramref name="orderBase"/> + 2.</summary>
    private static byte[]? Rows(long orderBase, params string[] ids)
    {
        var prints = new KeyFingerprints(1);
        var line = 2;
        foreach (var id in ids)
        {
            prints.Add(0, ColumnKind.BigInt, Encoding.UTF8.GetBytes(id));
            prints.EndRow(orderBase + line++);
        }

        return prints.Result();
    }

    /// <summary>Counts the engine's log events by id.</summary>
    private sealed class EventIds : ILogger<ReplicaEngine>
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _ids = [];

        public int Count(int id) => _ids.Count(i => i == id);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _ids.Add(eventId.Id);
    }
}
