using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Orchestration.Tests.EndToEnd;

/// <summary>
/// A log table through whole runs: DAP's snapshot reaches back a window only (6 hours here, 30 days in DAP), yet a
/// forced re-snapshot with a schema change keeps every row the replica held.
/// </summary>
public sealed class WindowedHistoryEndToEndTests
{
    [Fact]
    public async Task Snapshot_required_with_a_schema_change_keeps_the_log_rows_older_than_dap_s_window()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var fixture = await RefreshFixture.StartAsync(cancellationToken, configure: o => o.SnapshotWindow = TimeSpan.FromHours(6));
        var request = RefreshFixture.Request() with { Namespaces = ["canvas_logs"], IncludeTables = ["web_logs"] };
        Assert.True((await fixture.Host.RunAsync(request, cancellationToken: cancellationToken)).Succeeded);
        fixture.Emulator.AdvanceTime(4);
        Assert.True((await fixture.Host.RunAsync(request, cancellationToken: cancellationToken)).Succeeded);
        var before = await IdsAsync(fixture, cancellationToken);

        fixture.Emulator.BumpSchema("canvas_logs", "web_logs");
        fixture.Emulator.AdvanceTime();
        fixture.Emulator.RequireSnapshot("canvas_logs", "web_logs");
        var run = await fixture.Host.RunAsync(request, cancellationToken: cancellationToken);

        var logs = Assert.Single(run.Tables);
        Assert.Equal(TableOutcome.Reinitialized, logs.Outcome);
        Assert.True(logs.SchemaChanged);
        Assert.True(logs.RowsKept > 0, $"kept {logs.RowsKept}");
        var after = await IdsAsync(fixture, cancellationToken);
        Assert.Empty(before.Except(after));
        Assert.Equal(after.Count, logs.RowsUpserted + logs.RowsKept);
    }

    private static async Task<HashSet<string>> IdsAsync(RefreshFixture fixture, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id::text FROM canvas_logs.web_logs", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
