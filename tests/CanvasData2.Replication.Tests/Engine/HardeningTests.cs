using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>Issue 14, item 3: bad actions and overlong lines fail the object by name; literals survive any string setting.</summary>
public sealed class HardeningTests
{
    private const string ChangesHeader = "meta.ts\tmeta.action\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";
    private const string Values = "\tAda\tLovelace, Ada\tada\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    public static TheoryData<string, string> BadActions => new()
    {
        { "X", "meta.action 'X'" },
        { "u", "meta.action 'u'" },
        { "UPSERT", "meta.action 'UPSERT'" },
        { "", "no meta.action" },
        { "\\N", "no meta.action" },
    };

    [Theory]
    [MemberData(nameof(BadActions))]
    public async Task An_action_other_than_U_or_D_fails_the_object_naming_table_object_and_line(string action, string named)
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var before = await DumpAsync(db, Users, cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        var tsv = ChangesHeader + "2026-11-01T01:00:00Z\tU\t900001" + Values + $"2026-11-01T01:00:00Z\t{action}\t900002" + Values;

        var error = await Assert.ThrowsAsync<ReplicationException>(() => LoadTextAsync(engine, sync, "part-7.tsv.gz", tsv, cancellationToken));

        Assert.Contains("Table canvas.users: object part-7.tsv.gz line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("(key 900002)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.\"canvas.users.sync\"", cancellationToken));
        Assert.Equal(before, await DumpAsync(db, Users, cancellationToken));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_line_longer_than_the_limit_fails_the_object_naming_it(int longLine)
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { MaxLineBytes = 4096 });
        await using var _ = engine;
        var target = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(Users), cancellationToken);
        var header = ChangesHeader.Replace("meta.action\t", "", StringComparison.Ordinal);
        var rows = new[] { "2026-11-01T00:00:00Z\t1" + Values, "2026-11-01T00:00:00Z\t2" + Values, "2026-11-01T00:00:00Z\t3" + Values };
        rows[longLine - 2] = "2026-11-01T00:00:00Z\t9" + Values.Replace("Ada\t", new string('a', 5000) + "\t", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ReplicationException>(() => LoadTextAsync(engine, target, "big.tsv.gz", header + string.Concat(rows), cancellationToken));

        Assert.Contains($"Table canvas.users: object big.tsv.gz line {longLine}", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLineBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.\"canvas.users.init\"", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object", cancellationToken));
    }

    [Fact]
    public async Task A_line_without_end_is_refused_once_past_the_limit_instead_of_buffered()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, _) = await NewEngineAsync(new ReplicaOptions { MaxLineBytes = 3 << 20 });
        await using var __ = engine;
        var target = new StagingTarget(Users, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(Users), cancellationToken);
        var header = ChangesHeader.Replace("meta.action\t", "", StringComparison.Ordinal);
        var endless = new EndlessLineStream(System.Text.Encoding.UTF8.GetBytes(header + "2026-11-01T00:00:00Z\t1\t"));

        var error = await Assert.ThrowsAsync<ReplicationException>(() => engine.LoadObjectAsync(target, "endless", 0, endless, cancellationToken));

        Assert.Contains("object endless line 2 is longer than 3145728 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(endless.Served < 16 << 20, $"read {endless.Served} bytes");
    }

    [Fact]
    public async Task Comments_and_enum_labels_with_backslashes_are_exact_with_standard_conforming_strings_off()
    {
        var cancellationToken = TestTimeout.Seconds(90);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync(cancellationToken);
            await using var off = new NpgsqlCommand($"ALTER DATABASE \"{connection.Database}\" SET standard_conforming_strings = off; CREATE SCHEMA canvas; CREATE TABLE canvas.victim (id int)", connection);
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        NpgsqlConnection.ClearAllPools();
        const string Hostile = "ends in a backslash \\'; DROP TABLE canvas.victim; --";
        var table = new TableName("canvas", "notes");
        var schema = SyntheticSchema.Of(
            """{"state": {"type": "string", "enum": ["a\\b", "c\\'d"], "description": """ + System.Text.Json.JsonSerializer.Serialize(Hostile) + "}}");
        var target = new StagingTarget(table, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, schema, cancellationToken);
        await LoadTextAsync(engine, target, "o", "meta.ts\tkey.id\tvalue.state\n2026-11-01T00:00:00Z\t1\tc\\\\'d\n", cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);

        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'canvas' AND tablename = 'victim'", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, $"SELECT count(*) FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid WHERE d.objoid = 'canvas.notes'::regclass AND a.attname = 'state' AND d.description = E'{Hostile.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, "SELECT count(*) FROM canvas.notes WHERE state::text = E'c\\\\''d'", cancellationToken));
        Assert.Equal(2, await ScalarAsync(db, "SELECT count(*) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname LIKE 'notes%' AND e.enumlabel IN (E'a\\\\b', E'c\\\\''d')", cancellationToken));
    }

    /// <summary>A header, then one line that never ends: counts what the reader pulled.</summary>
    private sealed class EndlessLineStream(byte[] start) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var span = buffer.AsSpan(offset, count);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Served + i < start.Length ? start[Served + i] : (byte)'x';
            }

            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
