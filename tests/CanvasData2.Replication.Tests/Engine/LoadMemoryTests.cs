using System.Text;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// Lines longer than a chunk are read and converted within one budget shared by every load of the engine, one
/// long line at a time: long lines load exactly (array fields included) while others wait, and a line whose
/// conversion needs more than the budget fails, naming table, object and line, with nothing kept.
/// </summary>
public sealed class LoadMemoryTests
{
    private static readonly TableName Notes = new("canvas", "notes");

    private static readonly TableSchema Schema = SyntheticSchema.Of(
        """{"tags": {"type": "array", "items": {"type": "string"}}, "body": {"type": "string"}}""");

    [Fact]
    public async Task Long_lines_with_arrays_load_exactly_from_concurrent_loads_sharing_a_small_budget()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { LoadMemoryBudgetBytes = 40 << 20 });
        await using var _ = engine;
        var target = new StagingTarget(Notes, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, Schema, cancellationToken);

        // Four objects at once, each with a 1.5 MB array line among short ones: the budget admits one long line at a time.
        var objects = Enumerable.Range(0, 4).Select(o => Object(o, shortRows: 200, longTags: 100_000, body: 10)).ToList();
        await Task.WhenAll(objects.Select((text, o) => LoadTextAsync(engine, target, $"o{o}", o, text, cancellationToken)));
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);

        Assert.Equal(4 * 201, await ScalarAsync(db, "SELECT count(*) FROM canvas.notes", cancellationToken));
        Assert.Equal(100_000, await ScalarAsync(db, "SELECT cardinality(tags) FROM canvas.notes WHERE id = 3000000", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, """SELECT count(*) FROM canvas.notes WHERE id = 3000000 AND tags[2] = E'q"uo\\te\tand tab' AND tags[3] = '' AND tags[4] = 'NULL' AND tags[5] IS NULL""", cancellationToken));
    }

    [Fact]
    public async Task Long_text_lines_wait_for_each_other_and_all_load()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        // A 3 MB line takes about 21 MiB to read and convert (the table has array fields): one at a time fits.
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { LoadMemoryBudgetBytes = 24 << 20 });
        await using var _ = engine;
        var target = new StagingTarget(Notes, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, Schema, cancellationToken);

        var objects = Enumerable.Range(0, 3).Select(o => Object(o, shortRows: 10, longTags: 0, body: 3 << 20)).ToList();
        await Task.WhenAll(objects.Select((text, o) => LoadTextAsync(engine, target, $"o{o}", o, text, cancellationToken)));
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);

        Assert.Equal(3, await ScalarAsync(db, "SELECT count(*) FROM canvas.notes WHERE length(body) = 3 << 20", cancellationToken));
    }

    [Fact]
    public async Task A_line_whose_conversion_exceeds_the_budget_fails_naming_table_object_and_line()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { LoadMemoryBudgetBytes = 16 << 20 });
        await using var _ = engine;
        var target = new StagingTarget(Notes, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, Schema, cancellationToken);

        var error = await Assert.ThrowsAsync<ReplicationException>(
            () => LoadTextAsync(engine, target, "huge.tsv.gz", Object(0, shortRows: 3, longTags: 600_000, body: 10), cancellationToken));

        Assert.Contains("Table canvas.notes: object huge.tsv.gz line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("LoadMemoryBudgetBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.\"canvas.notes.init\"", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM canvasdata2.loaded_object", cancellationToken));

        // The budget was handed back: a normal object loads after the failure.
        Assert.Equal(4, (await LoadTextAsync(engine, target, "small", 1, Object(1, shortRows: 3, longTags: 3, body: 10), cancellationToken)).Rows);
    }

    [Fact]
    public void Array_literal_quotes_in_place_within_the_json_length()
    {
        var json = Encoding.UTF8.GetBytes("""["plain", "q\"uo\\te", "", "NULL", "a b", null, 1.5, true, "{brace}", "\u00e9"]""");
        var target = new byte[json.Length + 16];

        Assert.True(PgArrayLiteral.TryWrite(json, target, out var written, out var problem), problem);

        Assert.Equal("""{plain,"q\"uo\\te","","NULL","a b",NULL,1.5,true,"{brace}",é}""", Encoding.UTF8.GetString(target, 0, written));
        Assert.True(written <= json.Length);
    }

    /// <summary>Short rows, then one row (line 2 + shortRows, id 1000000 × (o + 1) + 2000000) with a long array and body.</summary>
    private static string Object(int o, int shortRows, int longTags, int body)
    {
        var text = new StringBuilder("meta.ts\tkey.id\tvalue.tags\tvalue.body\n");
        for (var i = 0; i < shortRows; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-11-01T00:00:00Z\t{(o * 10_000) + i}\t[\"a\",\"b\"]\tshort\n");
        }

        var tags = new List<string?> { "first", "q\"uo\\te\tand tab", "", "NULL", null };
        tags.AddRange(Enumerable.Range(0, Math.Max(0, longTags - tags.Count)).Select(i => $"tag{i}"));
        var array = longTags == 0 ? "[]" : JsonSerializer.Serialize(tags.Take(longTags));
        var escaped = array.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-11-01T00:00:00Z\t{((o + 1) * 1_000_000) + 2_000_000}\t{escaped}\t{new string('b', body)}\n");
        return text.ToString();
    }
}
