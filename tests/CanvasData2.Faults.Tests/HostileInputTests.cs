using System.Text;
using System.Text.Json.Nodes;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 4: hostile names from the API (quotes, semicolons, unicode, reserved words) and hostile values. No SQL
/// injection (no stray objects, other tables intact), clear errors naming table/column, nothing partial committed.
/// </summary>
public sealed class HostileInputTests
{
    private const string Evil = "evil\"; DROP TABLE canvas.accounts; --";
    private static readonly DateTimeOffset Step0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Hostile_table_names_from_the_api_are_refused_by_name_and_hostile_columns_stored_verbatim()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var harness = await FaultHarness.StartAsync();
        var schema = JsonNode.Parse(TestSchema.Of(
            """
            {"na\"me'; DROP TABLE canvas.users; --": {"type": "string"},
             "select": {"type": "integer", "format": "int32"},
             "ünïcødé ✓ 名前": {"type": "string"},
             "Mixed Case": {"type": "boolean"}}
            """).Schema.GetRawText())!.AsObject();
        string[] hostile = [Evil, "ünïcødé ✓ 表", "Robert'); DROP TABLE students;--", "..", "../../object/url"];
        foreach (var name in hostile)
        {
            harness.Emulator.AddTable("canvas", name, schema.DeepClone().AsObject(), rows: 10);
        }

        harness.Emulator.AddTable("canvas", "select", schema.DeepClone().AsObject(), rows: 10);
        var reference = await TestPostgres.CreateDatabaseAsync("hostref");
        var db = await TestPostgres.CreateDatabaseAsync("host");
        Assert.True((await harness.RefreshAsync(reference, FaultHarness.Request("accounts", "users"), cancellationToken)).Succeeded);

        var summary = await harness.RefreshAsync(db, FaultHarness.Request(), cancellationToken);

        // Each hostile name fails alone, naming itself; the valid tables (a reserved word included) are replicated.
        Assert.Equal(hostile.Length + 3, summary.Tables.Count);
        foreach (var name in hostile)
        {
            var result = Assert.Single(summary.Tables, t => t.Table == name);
            Assert.Equal(TableOutcome.Failed, result.Outcome);
            Assert.Equal(TableErrorKind.DapInvalidName, result.Error!.Kind);
            Assert.Contains($"'{name}'", result.Error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["canvas.\"select\"", "canvas.accounts", "canvas.users"], (await ReplicaDump.TablesAsync(db, ["canvas"], cancellationToken)).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(await ReplicaDump.TableAsync(reference, "canvas.accounts", cancellationToken), await ReplicaDump.TableAsync(db, "canvas.accounts", cancellationToken));
        Assert.Equal(await ReplicaDump.TableAsync(reference, "canvas.users", cancellationToken), await ReplicaDump.TableAsync(db, "canvas.users", cancellationToken));
        Assert.True(await ReplicaDump.ScalarAsync(db, "SELECT count(\"na\"\"me'; DROP TABLE canvas.users; --\") FROM canvas.\"select\"", cancellationToken) > 0);
        Assert.Equal(3, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM instructure_dap.table_sync", cancellationToken));

        // Only the replica's own schemas exist: nothing was created outside them.
        Assert.Equal(0, await ReplicaDump.ScalarAsync(
            db,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('canvas', 'instructure_dap', 'canvasdata2', 'pg_catalog', 'information_schema', 'pg_toast') AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p')",
            cancellationToken));
    }

    [Theory]
    [InlineData("X")]
    [InlineData("")]
    public async Task An_unknown_action_in_a_sync_fails_the_table_naming_object_and_line_and_commits_nothing(string action)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var harness = await FaultHarness.StartAsync();
        var db = await TestPostgres.CreateDatabaseAsync("action");
        var request = FaultHarness.Request("accounts");
        Assert.True((await harness.RefreshAsync(db, request, cancellationToken)).Succeeded);
        var before = await ReplicaDump.AllAsync(db, cancellationToken);
        harness.Emulator.AdvanceTime(1);
        using var inner = harness.CreateDapClient();

        // The second line of every incremental object gets another action (today such a row was silently dropped).
        var dap = new HookedDapClient(inner) { WrapObject = stream => WithAction(stream, action) };
        var summary = await harness.RefreshAsync(db, request, cancellationToken, dap);

        var accounts = Assert.Single(summary.Tables);
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        Assert.Equal(TableErrorKind.Replica, accounts.Error!.Kind);
        Assert.Matches(@"^Table canvas\.accounts: object \S+ line 2 \(key \d+\) has (meta\.action 'X'|no meta\.action); an incremental row must be U \(upsert\) or D \(delete\)\.$", accounts.Error.Message);
        Assert.Equal(before, await ReplicaDump.AllAsync(db, cancellationToken));
    }

    private static MemoryStream WithAction(Stream tsv, string action)
    {
        using (tsv)
        {
            var lines = new StreamReader(tsv, Encoding.UTF8).ReadToEnd().Split('\n');
            var actionField = Array.IndexOf(lines[0].Split('\t'), "meta.action");
            if (actionField >= 0 && lines.Length > 1 && lines[1].Length > 0)
            {
                var fields = lines[1].Split('\t');
                fields[actionField] = action;
                lines[1] = string.Join('\t', fields);
            }

            return new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        }
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "integer out of range", "3\t99999999999999999999\tx\t1.5", "count" },
        { "NaN into an integer", "3\tNaN\tx\t1.5", "count" },
        { "Infinity into an integer", "3\tInfinity\tx\t1.5", "count" },
        { "missing key", "\\N\t1\tx\t1.5", "id" },
        { "not a number", "3\t1\tx\tmany", "ratio" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_in_a_sync_fails_naming_table_and_column_and_commits_nothing(string problem, string badRow, string column)
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db, table) = await InitializedAsync(cancellationToken);
        await using var _ = engine;
        var before = await ReplicaDump.AllAsync(db, cancellationToken);
        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, Schema, cancellationToken);
        await engine.LoadObjectAsync(sync, "good", 0, TestSchema.Tsv(ChangesHeader + "2026-11-01T03:00:00Z\tU\t4\t4\tok\t0.5\n"), cancellationToken);

        // Refused when loaded, or (values staging cannot check, like a missing key) when committed.
        var error = await Assert.ThrowsAsync<ReplicationException>(async () =>
        {
            await engine.LoadObjectAsync(sync, "bad", 0, TestSchema.Tsv(ChangesHeader + $"2026-11-01T03:00:00Z\tU\t{badRow}\n"), cancellationToken);
            await engine.CommitSyncAsync(sync, Step0, Step0.AddHours(3), cancellationToken);
        });

        Assert.Contains("canvas.hostile", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(column, StringComparison.Ordinal), $"{problem}: {error.Message}");
        Assert.Equal(before, await ReplicaDump.AllAsync(db, cancellationToken));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_sync_is_refused_and_commits_nothing()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db, table) = await InitializedAsync(cancellationToken);
        await using var _ = engine;
        var before = await ReplicaDump.AllAsync(db, cancellationToken);
        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, Schema, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(ChangesHeader + "2026-11-01T03:00:00Z\tU\t4\t4\tA#B\t0.5\n");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;

        var error = await Assert.ThrowsAsync<ReplicationException>(() => engine.LoadObjectAsync(sync, "bad", 0, new MemoryStream(bytes), cancellationToken));

        Assert.Contains("canvas.hostile", error.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ReplicaDump.AllAsync(db, cancellationToken));
    }

    [Fact]
    public async Task Oversize_text_and_special_floats_are_stored_exactly()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var (engine, db, table) = await InitializedAsync(cancellationToken);
        await using var _ = engine;
        var big = string.Concat(Enumerable.Repeat("ünïcødé ✓ 0123456789 ", 100_000));
        var sync = new StagingTarget(table, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, Schema, cancellationToken);
        await engine.LoadObjectAsync(
            sync,
            "o",
            0,
            TestSchema.Tsv(ChangesHeader + $"2026-11-01T03:00:00Z\tU\t4\t4\t{big}\tNaN\n2026-11-01T03:00:00Z\tU\t5\t5\tx\tInfinity\n2026-11-01T03:00:00Z\tU\t6\t6\tx\t-Infinity\n"),
            cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step0.AddHours(3), cancellationToken)).Outcome);

        Assert.Equal(big.Length, await ReplicaDump.ScalarAsync(db, "SELECT length(name) FROM canvas.hostile WHERE id = 4", cancellationToken));
        Assert.Equal(1, await ReplicaDump.ScalarAsync(db, $"SELECT count(*) FROM canvas.hostile WHERE id = 4 AND md5(name) = md5('{big}')", cancellationToken));
        Assert.Equal(3, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM canvas.hostile WHERE (id, ratio::text) IN ((4, 'NaN'), (5, 'Infinity'), (6, '-Infinity'))", cancellationToken));
    }

    private const string ChangesHeader = "meta.ts\tmeta.action\tkey.id\tvalue.count\tvalue.name\tvalue.ratio\n";

    private static readonly TableSchema Schema = TestSchema.Of(
        """{"count": {"type": "integer", "format": "int32"}, "name": {"type": "string"}, "ratio": {"type": "number", "format": "float64"}}""");

    private static async Task<(ReplicaEngine Engine, string Db, TableName Table)> InitializedAsync(CancellationToken cancellationToken)
    {
        var db = await TestPostgres.CreateDatabaseAsync("host");
        var table = new TableName("canvas", "hostile");
        var engine = ReplicaEngine.Create(db);
        var init = new StagingTarget(table, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, Schema, cancellationToken);
        await engine.LoadObjectAsync(init, "o", 0, TestSchema.Tsv("meta.ts\tkey.id\tvalue.count\tvalue.name\tvalue.ratio\n2026-11-01T00:00:00Z\t1\t1\ta\t0.25\n2026-11-01T00:00:00Z\t2\t2\tb\t0.5\n"), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        return (engine, db, table);
    }

    /// <summary>PostgreSQL's quote_ident, for names with characters beyond [a-z0-9_] or reserved words.</summary>
    private static string QuoteIdent(string name)
        => name is "accounts" or "users" ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
