using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// DAP keeps canvas_logs for 30 days: a snapshot that replaces a log table holds the recent rows only. The replica
/// keeps the older ones (across a schema change too), expires them only by its own retention, and replaces tables of
/// other namespaces whole, as before.
/// </summary>
public sealed class WindowedHistoryTests
{
    private static readonly TableName Logs = new("canvas_logs", "web_logs");
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static readonly TableSchema V1 = SyntheticSchema.Of(
        """{"timestamp": {"type": "string", "format": "date-time"}, "url": {"type": "string"}, "status": {"type": "integer", "format": "int32"}}""",
        required: """["timestamp"]""");

    /// <summary>Version 2: <c>status</c> becomes text, and a required column <c>kind</c> appears.</summary>
    private static readonly TableSchema V2 = SyntheticSchema.Of(
        """{"timestamp": {"type": "string", "format": "date-time"}, "url": {"type": "string"}, "status": {"type": "string"}, "kind": {"type": "string"}}""",
        required: """["timestamp", "kind"]""",
        version: 2);

    [Fact]
    public async Task Snapshot_replacing_a_log_table_keeps_the_rows_it_no_longer_has_and_says_how_many()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitAsync(engine, Logs, "j1", V1, V1Rows(1, 2, 3, 4), cancellationToken);

        var result = await InitAsync(engine, Logs, "j2", V1, V1Rows(3, 4, 5), cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 2L), (result.Outcome, result.RowsKept));
        Assert.Equal("1,2,3,4,5", await IdsAsync(db, Logs, cancellationToken));
    }

    [Fact]
    public async Task Snapshot_with_a_changed_schema_migrates_the_kept_rows_new_columns_empty_types_cast()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitAsync(engine, Logs, "j1", V1, V1Rows(1, 2, 3), cancellationToken);

        var result = await InitAsync(engine, Logs, "j2", V2, $"key.id\tvalue.timestamp\tvalue.url\tvalue.status\tvalue.kind\n3\t{Stamp(1)}\t/new\tok\tpage\n", cancellationToken);

        Assert.Equal((CommitOutcome.Committed, 2L, 2L), (result.Outcome, result.RowsKept, result.SchemaVersion));
        Assert.Equal(
            "1|/u1|200|\n2|/u2|200|\n3|/new|ok|page\n",
            await TextAsync(db, "SELECT string_agg(concat_ws('|', id, url, status, coalesce(kind, '')), E'\\n' ORDER BY id) || E'\\n' FROM canvas_logs.web_logs", cancellationToken));
        Assert.Equal("text", await TextAsync(db, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'canvas_logs' AND column_name = 'status'", cancellationToken));
    }

    [Fact]
    public async Task Retention_leaves_out_kept_rows_older_than_it_and_the_first_sync_of_a_day_expires_them()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync(new ReplicaOptions { WindowedRetention = TimeSpan.FromDays(45) });
        await using var _ = engine;

        // Row n was written n × 20 days ago: rows 3 and 4 are past the 45-day retention.
        await InitAsync(engine, Logs, "j1", V1, V1Rows(1, 2, 3), cancellationToken, at: Now.AddDays(-2));
        var replaced = await InitAsync(engine, Logs, "j2", V1, V1Rows(1, 4), cancellationToken, at: Now.AddDays(-1));
        Assert.Equal(1L, replaced.RowsKept);
        Assert.Equal("1,2,4", await IdsAsync(db, Logs, cancellationToken));

        var changes = new StagingTarget(Logs, "j3", StagingKind.Changes);
        await engine.PrepareStagingAsync(changes, V1, cancellationToken);
        await LoadTextAsync(engine, changes, "o1", $"meta.action\tkey.id\tvalue.timestamp\tvalue.url\tvalue.status\nU\t5\t{Stamp(0)}\t/u5\t200\n", cancellationToken);
        var sync = await engine.CommitSyncAsync(changes, Now.AddDays(-1), Now, cancellationToken);

        Assert.Equal(CommitOutcome.Committed, sync.Outcome);
        Assert.Equal("1,2,5", await IdsAsync(db, Logs, cancellationToken));
    }

    [Fact]
    public async Task Snapshot_replacing_a_table_of_another_namespace_replaces_it_whole()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var accounts = new TableName("canvas", "web_logs");
        await InitAsync(engine, accounts, "j1", V1, V1Rows(1, 2, 3), cancellationToken);

        var result = await InitAsync(engine, accounts, "j2", V1, V1Rows(3), cancellationToken);

        Assert.Null(result.RowsKept);
        Assert.Equal("3", await IdsAsync(db, accounts, cancellationToken));
    }

    private static string Stamp(int row) => Now.AddDays(-20 * row).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string V1Rows(params int[] ids)
        => "key.id\tvalue.timestamp\tvalue.url\tvalue.status\n" + string.Concat(ids.Select(id => $"{id}\t{Stamp(id)}\t/u{id}\t200\n"));

    private static async Task<CommitResult> InitAsync(
        ReplicaEngine engine, TableName table, string jobId, TableSchema schema, string tsv, CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        var target = new StagingTarget(table, jobId, StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, schema, cancellationToken);
        await LoadTextAsync(engine, target, "o1", tsv, cancellationToken);
        return await engine.CommitInitAsync(target, at ?? Now, cancellationToken);
    }

    private static Task<string> IdsAsync(string db, TableName table, CancellationToken cancellationToken)
        => TextAsync(db, $"SELECT string_agg(id::text, ',' ORDER BY id) FROM \"{table.Namespace}\".\"{table.Table}\"", cancellationToken);

    private static async Task<string> TextAsync(string db, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
