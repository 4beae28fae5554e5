using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;
using Microsoft.AspNetCore.Http;

namespace CanvasData2.Dap.Tests.Client;

public sealed class ResilienceTests
{
    private const string Tables = """{"tables":["accounts"]}""";
    private const string ListPath = "/dap/query/canvas/table";

    [Theory]
    [InlineData("1")]
    [InlineData("date")]
    public async Task Too_many_requests_honours_retry_after_instead_of_backoff(string retryAfter)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("GET", ListPath, (_, ctx) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return ctx.Json(200, Tables);
            }

            ctx.Response.Headers.RetryAfter = retryAfter == "date" ? DateTimeOffset.UtcNow.AddSeconds(-1).ToString("R") : retryAfter;
            return ctx.Json(429, """{"error":{"type":"TooManyRequests","uuid":"u-429","message":"slow down"}}""");
        });
        // A back-off far beyond the budget: only the Retry-After value can make the second attempt happen in time.
        using var client = TestClients.Create(server, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMinutes(10);
            o.RetryMaxDelay = TimeSpan.FromMinutes(10);
            o.RetryBudget = TimeSpan.FromSeconds(20);
        });

        var tables = await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(["accounts"], tables);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Too_many_requests_without_retry_after_waits_the_configured_default()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("GET", ListPath, (_, ctx) => Interlocked.Increment(ref calls) == 1 ? ctx.Text(429, "<html>Too Many</html>", "text/html") : ctx.Json(200, Tables));
        using var client = TestClients.Create(server, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMinutes(10);
            o.DefaultRetryAfter = TimeSpan.FromMilliseconds(20);
        });

        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_succeed()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("GET", ListPath, (_, ctx) => Interlocked.Increment(ref calls) switch
        {
            1 => ctx.Json(500, """{"error":{"type":"ProcessingError","uuid":"u-500","message":"internal"}}"""),
            2 => ctx.Json(504, """{"error":{"message":"Gateway timeout"}}"""),
            _ => ctx.Json(200, Tables),
        });
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Persistent_gateway_timeout_fails_transient_after_configured_retries()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", ListPath, (_, ctx) => ctx.Json(504, """{"error":{"message":"Gateway timeout"}}"""));
        using var client = TestClients.Create(server, o => o.MaxRetryAttempts = 2);

        var error = await Assert.ThrowsAsync<DapException>(() => client.ListTablesAsync("canvas", cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal(504, error.StatusCode);
        Assert.Contains("Gateway timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Count("GET", ListPath));
    }

    [Fact]
    public async Task Html_error_body_gives_a_clear_error()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", ListPath, (_, ctx) => ctx.Text(502, "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>", "text/html"));
        using var client = TestClients.Create(server, o => o.MaxRetryAttempts = 1);

        var error = await Assert.ThrowsAsync<DapException>(() => client.ListTablesAsync("canvas", cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.Error);
        Assert.Contains("non-JSON body (text/html)", error.Message, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_with_non_json_body_is_a_protocol_error()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", ListPath, (_, ctx) => ctx.Text(200, "<html>maintenance</html>", "text/html"));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.ListTablesAsync("canvas", cancellationToken));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"error":{"type":"ValidationError","uuid":"u-1","message":"bad format","location":{"line":1}}}""", DapErrorKind.BadRequest)]
    [InlineData(400, """{"error":{"type":"SnapshotRequiredError","uuid":"u-2","message":"table was reloaded","since":"2024-01-01T00:00:00Z"}}""", DapErrorKind.SnapshotRequired)]
    [InlineData(400, """{"error":{"type":"OutOfRangeError","uuid":"u-3","message":"no data in the requested range","since":"2024-01-01T00:00:00Z"}}""", DapErrorKind.SnapshotRequired)]
    [InlineData(403, """{"error":{"type":"AccountDisabled","uuid":"u-4","message":"disabled"}}""", DapErrorKind.Forbidden)]
    [InlineData(404, """{"error":{"type":"ObjectNotFound","uuid":"u-5","message":"Table does not exist.","id":"nope","kind":"table"}}""", DapErrorKind.NotFound)]
    [InlineData(422, """{"error":{"type":"SnapshotRequiredError","uuid":"u-6","message":"classified by status first"}}""", DapErrorKind.BadRequest)]
    public async Task Permanent_errors_are_not_retried_and_keep_type_and_uuid(int status, string body, DapErrorKind expected)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/query/canvas/table/accounts/data", (_, ctx) => ctx.Json(status, body));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() =>
            client.StartQueryAsync("canvas", "accounts", QueryRequest.Incremental(DateTimeOffset.UnixEpoch), cancellationToken));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.NotNull(error.Error?.Type);
        Assert.Contains(error.Error!.Uuid!, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Error.Type!, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("POST", "/dap/query/canvas/table/accounts/data"));
    }

    [Fact]
    public async Task Job_creation_is_retried_on_server_error_because_dap_returns_the_live_job()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("POST", "/dap/query/canvas/table/accounts/data", (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? ctx.Json(500, """{"error":{"type":"ProcessingError","uuid":"u","message":"x"}}""")
            : ctx.Json(202, """{"id":"j","status":"running"}"""));
        using var client = TestClients.Create(server);

        var job = await client.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);

        Assert.Equal("j", job.Id);
        Assert.Equal(2, calls);
        Assert.All(server.Requests.Where(r => r.Path.EndsWith("/data", StringComparison.Ordinal)), r => Assert.Equal("""{"format":"tsv","mode":"condensed"}""", r.Body));
    }

    [Fact]
    public async Task Dropped_connection_is_retried()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("GET", ListPath, (_, ctx) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return ctx.Json(200, Tables);
            }

            ctx.Abort();
            return Task.CompletedTask;
        });
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Slow_attempt_times_out_and_is_retried()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("GET", ListPath, async (_, ctx) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            await ctx.Json(200, Tables);
        });
        using var client = TestClients.Create(server, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_dap_error()
    {
        await using var server = await ScriptedDapServer.StartAsync(TestTimeout.Seconds(30));
        server.Map("GET", ListPath, async (_, ctx) => await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted));
        using var client = TestClients.Create(server);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Seconds(30));
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTablesAsync("canvas", cancel.Token));
    }
}
