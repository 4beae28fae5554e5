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
/// The commit skips the de-duplication pass only when the objects' key fingerprints prove that no key repeats
/// in the job; a key spelled two ways, a repeat within or across objects, or an object without fingerprints
/// (loaded by an older version) keeps the pass.
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
        var init = new StagingTarget(table, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, schema, cancellationToken);
        await LoadTextAsync(engine, init, "s", "key.b\tkey.a\tvalue.v\n1\tx\told\n2\ty\tkept\n", cancellationToken);
        await engine.CommitInitAsync(init, Step0, cancellationToken);

        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, schema, cancellationToken);
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
    public void Uniqueness_is_proven_only_when_every_object_has_fingerprints_and_none_repeats()
    {
        var one = Rows("1", "2");
        var other = Rows("3");
        Assert.True(KeyFingerprints.ProveUnique([one, other, []]));
        Assert.False(KeyFingerprints.ProveUnique([one, Rows("02")]));
        Assert.False(KeyFingerprints.ProveUnique([one, null]));
        Assert.Null(Rows("5", "6", "05"));
    }

    [Fact]
    public async Task Distinct_keys_skip_the_pass_and_a_key_spelled_two_ways_across_objects_still_keeps_its_last_action()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var events = new EventIds();
        var connectionString = await TestPostgres.CreateDatabaseAsync("eng");
        await using var engine = ReplicaEngine.Create(connectionString, logger: events);
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);

        var distinct = new StagingTarget(Users, "distinct", StagingKind.Changes);
        await engine.PrepareStagingAsync(distinct, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, distinct, "a", 0, Header + Update("1", "one") + Delete("2"), cancellationToken);
        await LoadTextAsync(engine, distinct, "b", 1, Header + Update("3", "three"), cancellationToken);
        var first = await engine.CommitSyncAsync(distinct, Step0, Step1, cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 2L, 1L), (first.Outcome, first.RowsUpserted, first.RowsDeleted));
        Assert.Equal(1, events.Count(2006));

        // "01" and "1" are one bigint key: deleted in the first object, updated in the second, so it stays. Without
        // the pass the merge would meet the key twice and fail the commit.
        var spelled = new StagingTarget(Users, "spelled", StagingKind.Changes);
        await engine.PrepareStagingAsync(spelled, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, spelled, "a", 0, Header + Delete("01"), cancellationToken);
        await LoadTextAsync(engine, spelled, "b", 1, Header + Update("1", "again"), cancellationToken);
        var second = await engine.CommitSyncAsync(spelled, Step1, Step1.AddHours(3), cancellationToken);

        Assert.Equal(CommitOutcome.Committed, second.Outcome);
        Assert.Equal(1, events.Count(2006));
        Assert.Equal("1\tagain\n3\tthree\n", await CopyOutAsync(connectionString, "COPY (SELECT id, name FROM canvas.users WHERE id IN (1, 2, 3) ORDER BY id) TO STDOUT", cancellationToken));
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

        prints.EndRow();
        return prints.Result() is { } bytes ? [BitConverter.ToUInt64(bytes)] : null;
    }

    private static byte[]? Rows(params string[] ids)
    {
        var prints = new KeyFingerprints(1);
        foreach (var id in ids)
        {
            prints.Add(0, ColumnKind.BigInt, Encoding.UTF8.GetBytes(id));
            prints.EndRow();
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
