using System.Net;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class JobTests
{
    private static JsonObject Snapshot(string format = "tsv") => new() { ["format"] = format, ["mode"] = "condensed" };

    [Fact]
    public async Task A_job_goes_waiting_then_running_then_complete_with_202_until_terminal()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.JobDelay = TimeSpan.FromSeconds(2));
        using var client = new DapTestClient(server);

        var (status, job, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", Snapshot(), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("waiting", job!["status"]!.GetValue<string>());
        Assert.Equal(["expires_at", "id", "status"], job.AsObject().Select(p => p.Key).Order());

        var seen = new List<string> { "waiting" };
        while (seen[^1] != "complete")
        {
            await Task.Delay(50, cancellationToken);
            (status, job, _) = await client.SendAsync(HttpMethod.Get, $"dap/job/{job!["id"]}", null, cancellationToken);
            var state = job!["status"]!.GetValue<string>();
            Assert.Equal(state == "complete" ? HttpStatusCode.OK : HttpStatusCode.Accepted, status);
            if (state != seen[^1])
            {
                seen.Add(state);
            }
        }

        Assert.Equal(["waiting", "running", "complete"], seen);
        Assert.Equal(["at", "expires_at", "id", "objects", "schema_version", "status"], job.AsObject().Select(p => p.Key).Order());
        Assert.Equal("2026-11-01T00:00:00Z", job["at"]!.GetValue<string>());
        Assert.Equal(3, job["objects"]!.AsArray().Count); // 120 rows, 50 per object
        Assert.All(job["objects"]!.AsArray(), o => Assert.Equal(["id"], o!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task An_identical_query_returns_the_live_job_and_a_different_one_does_not()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var first = await client.QueryAsync("canvas", "users", Snapshot(), cancellationToken);
        var (status, again, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", Snapshot(), cancellationToken);
        var other = await client.QueryAsync("canvas", "users", Snapshot("jsonl"), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first["id"]!.GetValue<string>(), again!["id"]!.GetValue<string>());
        Assert.NotEqual(first["id"]!.GetValue<string>(), other["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Object_urls_are_presigned_and_downloads_need_no_auth_header()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        var job = await client.QueryAsync("canvas", "accounts", Snapshot(), cancellationToken);
        var id = job["objects"]![0]!["id"]!.GetValue<string>();

        var url = new Uri(await client.ObjectUrlAsync(id, cancellationToken));
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(url, cancellationToken);

        Assert.EndsWith(".tsv.gz", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("signature=", url.Query, StringComparison.Ordinal);
        Assert.Contains("expires=", url.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var text = DapTestClient.Gunzip(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        Assert.StartsWith("meta.ts\tkey.id\tvalue.", text, StringComparison.Ordinal);

        using var tampered = await anonymous.GetAsync(new Uri(url.ToString().Replace("signature=", "signature=0", StringComparison.Ordinal)), cancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task An_expired_url_is_403()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.UrlLifetime = TimeSpan.FromSeconds(1));
        using var client = new DapTestClient(server);
        var job = await client.QueryAsync("canvas", "accounts", Snapshot(), cancellationToken);
        var url = new Uri(await client.ObjectUrlAsync(job["objects"]![0]!["id"]!.GetValue<string>(), cancellationToken));

        await Task.Delay(TimeSpan.FromSeconds(2.1), cancellationToken);
        using var response = await client.Http.GetAsync(url, cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task After_a_job_expires_the_job_and_its_objects_are_404()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.JobLifetime = TimeSpan.FromSeconds(1.5));
        using var client = new DapTestClient(server);
        var job = await client.QueryAsync("canvas", "accounts", Snapshot(), cancellationToken);
        var objectId = job["objects"]![0]!["id"]!.GetValue<string>();
        var url = new Uri(await client.ObjectUrlAsync(objectId, cancellationToken));

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"dap/job/{job["id"]}", null, cancellationToken)).Status);
        using var download = await client.Http.GetAsync(url, cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "dap/object/url", new JsonArray(new JsonObject { ["id"] = objectId }), cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("object", body!["error"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jsonl_and_csv_objects_carry_the_same_records()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var jsonl = string.Concat(await client.DownloadAllAsync(await client.QueryAsync("canvas", "quizzes", Snapshot("jsonl"), cancellationToken), cancellationToken));
        var csv = string.Concat(await client.DownloadAllAsync(await client.QueryAsync("canvas", "quizzes", Snapshot("csv"), cancellationToken), cancellationToken));
        var tsv = Tsv.Parse(await client.DownloadAllAsync(await client.QueryAsync("canvas", "quizzes", Snapshot(), cancellationToken), cancellationToken)).Records;

        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(tsv.Count, lines.Count);
        Assert.All(lines, l => Assert.Equal(["key", "meta", "value"], l.Select(p => p.Key).Order()));
        Assert.All(lines, l => Assert.Null(l["meta"]!["action"]));
        Assert.Equal(tsv.Select(r => r.Key), lines.Select(l => l["key"]!["id"]!.ToJsonString()));
        Assert.StartsWith("meta.ts,key.id,value.", csv, StringComparison.Ordinal);
        Assert.Contains("NULL", csv, StringComparison.Ordinal);
    }
}
