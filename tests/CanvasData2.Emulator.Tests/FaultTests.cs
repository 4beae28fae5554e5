using System.Net;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class FaultTests
{
    private const string ListTables = "dap/query/canvas/table";

    [Theory]
    [InlineData(FaultKind.TooManyRequests, HttpStatusCode.TooManyRequests)]
    [InlineData(FaultKind.InternalError, HttpStatusCode.InternalServerError)]
    [InlineData(FaultKind.ExpiredToken, HttpStatusCode.Unauthorized)]
    public async Task A_counted_fault_fires_that_many_times_with_a_DAP_error_body(FaultKind kind, HttpStatusCode expected)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        await client.TokenAsync(cancellationToken);
        server.AddFault(new FaultRule(kind, "^/dap/query/[^/]+/table$", "GET") { Count = 2, RetryAfterSeconds = 7 });

        var first = await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken);
        var second = await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken);
        var third = await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken);

        Assert.Equal(expected, first.Status);
        Assert.Equal(expected, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.NotNull(first.Body!["error"]!["uuid"]);
        Assert.NotNull(first.Body!["error"]!["type"]);
        if (kind == FaultKind.TooManyRequests)
        {
            Assert.Equal("7", first.Response.Headers.RetryAfter!.ToString());
        }
    }

    [Fact]
    public async Task A_gateway_timeout_has_the_gateway_body()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        await client.TokenAsync(cancellationToken);
        server.AddFault(new FaultRule(FaultKind.GatewayTimeout, "/schema$") { Count = 1 });

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/users/schema", null, cancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal(["message"], body!["error"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_slow_response_still_answers_normally()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        await client.TokenAsync(cancellationToken);
        server.AddFault(new FaultRule(FaultKind.SlowResponse, "^/dap/") { Count = 1, Delay = TimeSpan.FromMilliseconds(300) });

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["tables"]);
    }

    [Fact]
    public async Task A_probability_fault_is_deterministic_for_its_seed()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        async Task<List<HttpStatusCode>> RunAsync()
        {
            await using var server = await EmulatorFactory.StartAsync();
            using var client = new DapTestClient(server);
            await client.TokenAsync(cancellationToken);
            server.AddFault(new FaultRule(FaultKind.InternalError, "^/dap/") { Probability = 0.5, Seed = 42 });
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                statuses.Add((await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken)).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(HttpStatusCode.InternalServerError, first);
    }

    [Fact]
    public async Task Expired_url_and_truncated_body_faults_hit_downloads()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        var job = await client.QueryAsync("canvas", "users", new JsonObject { ["format"] = "tsv" }, cancellationToken);
        var url = new Uri(await client.ObjectUrlAsync(job["objects"]![0]!["id"]!.GetValue<string>(), cancellationToken));

        server.AddFault(new FaultRule(FaultKind.ExpiredUrl, "^/_objects/") { Count = 1 });
        using var expired = await client.Http.GetAsync(url, cancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);

        server.AddFault(new FaultRule(FaultKind.TruncatedBody, "^/_objects/") { Count = 1 });
        var truncated = await client.Http.GetByteArrayAsync(url, cancellationToken);
        var whole = await client.Http.GetByteArrayAsync(url, cancellationToken);

        // A strict reader (Python's gzip) fails on the missing trailer; the bytes are a proper prefix of the object.
        Assert.InRange(truncated.Length, 1, whole.Length - 9);
        Assert.Equal(whole.AsSpan(0, truncated.Length).ToArray(), truncated);
        Assert.StartsWith("meta.ts", DapTestClient.Gunzip(whole), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_job_fault_ends_the_job_failed_with_an_error()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        server.AddFault(new FaultRule(FaultKind.FailedJob, "/data$", "POST") { Count = 1 });

        var failed = await client.QueryAsync("canvas", "users", new JsonObject { ["format"] = "tsv" }, cancellationToken);
        var retried = await client.QueryAsync("canvas", "users", new JsonObject { ["format"] = "tsv" }, cancellationToken);

        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(["error", "expires_at", "id", "status"], failed.Select(p => p.Key).Order());
        Assert.Equal(["message", "type", "uuid"], failed["error"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("complete", retried["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rate_limits_refuse_the_sixth_listing_in_a_minute_with_Retry_After()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.RateLimits = true);
        using var client = new DapTestClient(server);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken)).Status);
        }

        var (status, body, response) = await client.SendAsync(HttpMethod.Get, ListTables, null, cancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.True(response.Headers.RetryAfter!.Delta!.Value > TimeSpan.Zero);
        Assert.NotNull(body!["error"]!["uuid"]);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/users/schema", null, cancellationToken)).Status);
    }

    [Fact]
    public async Task Rate_limits_refuse_the_sixth_job_creation_in_a_minute()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync(o => o.RateLimits = true);
        using var client = new DapTestClient(server);

        for (var i = 0; i < 5; i++)
        {
            var (ok, _, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", new JsonObject { ["format"] = "tsv" }, cancellationToken);
            Assert.True(ok is HttpStatusCode.OK or HttpStatusCode.Accepted);
        }

        var (status, _, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/users/data", new JsonObject { ["format"] = "tsv" }, cancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
    }
}
