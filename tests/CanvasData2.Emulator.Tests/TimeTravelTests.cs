using System.Net;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class TimeTravelTests
{
    private static readonly JsonObject SnapshotQuery = new() { ["format"] = "tsv", ["mode"] = "condensed" };

    private static JsonObject Since(string since) => new() { ["format"] = "tsv", ["mode"] = "condensed", ["since"] = since };

    [Theory]
    [InlineData("users")]
    [InlineData("quizzes")]
    [InlineData("submissions")]
    public async Task Snapshot_plus_incremental_equals_the_later_snapshot(string table)
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var server = await EmulatorFactory.StartAsync(o => o.Rows = 400);
        using var client = new DapTestClient(server);
        var (_, start) = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", table, SnapshotQuery, cancellationToken), cancellationToken));
        var at = "2026-11-01T00:00:00Z";

        server.AdvanceTime(2);
        var incrementalJob = await client.QueryAsync("canvas", table, Since(at), cancellationToken);
        var (header, changes) = Tsv.Parse(await client.DownloadAllAsync(incrementalJob, cancellationToken));
        var (_, end) = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", table, SnapshotQuery, cancellationToken), cancellationToken));

        Assert.Equal(at, incrementalJob["since"]!.GetValue<string>());
        Assert.Equal("2026-11-01T06:00:00Z", incrementalJob["until"]!.GetValue<string>());
        Assert.Contains("meta.action", header);
        Assert.Equal(changes.Count, changes.Select(c => c.Key).Distinct().Count());
        Assert.All(changes.Where(c => c.Action == "D"), d => Assert.All(d.Values.Values, v => Assert.Equal("\\N", v)));
        Assert.Contains(changes, c => c.Action == "D" && c.Key == "1000000001"); // the never-seen key of step 1
        Assert.Contains(changes, c => c.Action == "D" && start.Any(s => s.Key == c.Key)); // a real hard delete
        Assert.Contains(changes, c => c.Action == "U" && start.Any(s => s.Key == c.Key)); // an update
        Assert.Contains(changes, c => c.Action == "U" && start.All(s => s.Key != c.Key)); // an insert

        var replica = start.ToDictionary(r => r.Key, r => r.Values);
        foreach (var change in changes)
        {
            if (change.Action == "D")
            {
                replica.Remove(change.Key);
            }
            else
            {
                replica[change.Key] = change.Values;
            }
        }

        Assert.Equal(end.Select(r => r.Key).Order(), replica.Keys.Order());
        // A column added by a schema change is NULL in rows the incremental did not touch (as in a migrated replica).
        Assert.All(end, r => Assert.Equal(r.Values, r.Values.ToDictionary(v => v.Key, v => replica[r.Key].GetValueOrDefault(v.Key, "\\N"))));
    }

    [Fact]
    public async Task Repeated_keys_come_first_with_the_values_the_job_starts_from_and_last_with_the_new_ones()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var server = await EmulatorFactory.StartAsync(o =>
        {
            o.Rows = 400;
            o.RepeatedKeyShare = 0.5;
        });
        using var client = new DapTestClient(server);
        var (_, start) = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "users", SnapshotQuery, cancellationToken), cancellationToken));
        server.AdvanceTime(2);
        var (_, changes) = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "users", Since("2026-11-01T00:00:00Z"), cancellationToken), cancellationToken));
        var (_, end) = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "users", SnapshotQuery, cancellationToken), cancellationToken));

        var repeated = changes.GroupBy(c => c.Key).Where(g => g.Count() > 1).ToList();
        var updated = changes.Count(c => c.Action == "U" && start.Any(s => s.Key == c.Key)) - repeated.Count;
        Assert.InRange(repeated.Count, updated / 4, updated * 3 / 4);
        Assert.All(repeated, g =>
        {
            Assert.Equal(2, g.Count());
            // users gained a column at a later schema version than the snapshot's: compare the snapshot's columns.
            Assert.All(start.Single(s => s.Key == g.Key).Values, v => Assert.Equal(v.Value, g.First().Values[v.Key]));
            Assert.Equal(end.Single(s => s.Key == g.Key).Values, g.Last().Values);
        });
    }

    [Fact]
    public async Task An_incremental_since_now_is_empty_and_a_future_since_is_400()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        server.AdvanceTime(1);

        var empty = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "users", Since("2026-11-01T03:00:00Z"), cancellationToken), cancellationToken));
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", Since("2026-11-02T00:00:00Z"), cancellationToken);

        Assert.Empty(empty.Records);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["error"]!["since"]);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        async Task<string> RunAsync(long seed)
        {
            await using var server = await EmulatorFactory.StartAsync(o => o.Seed = seed);
            using var client = new DapTestClient(server);
            server.AdvanceTime(1);
            var snapshot = await client.DownloadAllAsync(await client.QueryAsync("canvas", "submissions", SnapshotQuery, cancellationToken), cancellationToken);
            var incremental = await client.DownloadAllAsync(await client.QueryAsync("canvas", "submissions", Since("2026-11-01T00:00:00Z"), cancellationToken), cancellationToken);
            return string.Concat(snapshot.Concat(incremental));
        }

        var first = await RunAsync(11);
        Assert.Equal(first, await RunAsync(11));
        Assert.NotEqual(first, await RunAsync(12));
    }

    [Fact]
    public async Task A_schema_bump_shows_in_the_schema_and_in_the_data()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var version = server.BumpSchema("canvas", "accounts");
        var schema = (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/accounts/schema", null, cancellationToken)).Body!;
        server.AdvanceTime(1);
        var job = await client.QueryAsync("canvas", "accounts", SnapshotQuery, cancellationToken);
        var (header, rows) = Tsv.Parse(await client.DownloadAllAsync(job, cancellationToken));

        Assert.Equal(2, version);
        Assert.Equal(2, schema["version"]!.GetValue<int>());
        var properties = schema["schema"]!["properties"]!["value"]!["properties"]!;
        Assert.NotNull(properties["emulator_added_v2"]);
        Assert.Contains("emulator_label_v2", properties["workflow_state"]!["enum"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(2, job["schema_version"]!.GetValue<int>());
        Assert.Contains("value.emulator_added_v2", header);
        var written = rows.Where(r => r.Values["value.emulator_added_v2"] != "\\N").ToList();
        Assert.NotEmpty(written); // rows updated after the bump carry the new column
        Assert.True(written.Count < rows.Count); // older rows are not backfilled
    }

    [Fact]
    public async Task A_required_snapshot_refuses_older_incrementals_with_400()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        server.AdvanceTime(1);

        server.RequireSnapshot("canvas", "users");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", Since("2026-11-01T00:00:00Z"), cancellationToken);
        var snapshot = await client.QueryAsync("canvas", "users", SnapshotQuery, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SnapshotRequired", body!["error"]!["type"]!.GetValue<string>());
        Assert.Equal("complete", snapshot["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tables_can_be_added_and_removed()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.Tables.Add("canvas.users"));
        using var client = new DapTestClient(server);
        var schema = (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/users/schema", null, cancellationToken)).Body!["schema"]!.AsObject();

        server.AddTable("canvas", "people", (JsonObject)schema.DeepClone(), rows: 10);
        var added = (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken)).Body!;
        var rows = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "people", SnapshotQuery, cancellationToken), cancellationToken)).Records;
        server.RemoveTable("canvas", "users");
        var removed = (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken)).Body!;

        Assert.Equal(["people", "users"], added["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(10, rows.Count);
        Assert.Equal(["people"], removed["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/users/schema", null, cancellationToken)).Status);
    }
}
