using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Client;

public sealed class AuthenticationTests
{
    private const string Tables = """{"tables":["accounts"]}""";

    [Fact]
    public async Task Token_is_reused_while_far_from_expiry()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, Tables));
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);
        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(1, server.Count("POST", "/ids/auth/login"));
    }

    [Fact]
    public async Task Token_is_renewed_when_jwt_expires_within_five_minutes()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/ids/auth/login", (_, ctx) => ctx.Json(200, Jwt.LoginBody(DateTimeOffset.UtcNow.AddMinutes(4))));
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, Tables));
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);
        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(2, server.Count("POST", "/ids/auth/login"));
    }

    [Theory]
    [InlineData(3600, 1)]
    [InlineData(60, 2)]
    public async Task Opaque_token_falls_back_to_expires_in(int expiresIn, int expectedLogins)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/ids/auth/login", (_, ctx) => ctx.Json(200,
            $$"""{"access_token":"opaque-token","expires_in":{{expiresIn}},"scope":"s","token_type":"Bearer"}"""));
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, Tables));
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);
        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(expectedLogins, server.Count("POST", "/ids/auth/login"));
        Assert.All(server.Requests.Where(r => r.Method == "GET"), r => Assert.Equal("Bearer opaque-token", r.Authorization));
    }

    [Fact]
    public async Task Api401_renews_token_once_and_retries()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var logins = 0;
        server.Map("POST", "/ids/auth/login", (_, ctx) =>
            ctx.Json(200, Jwt.LoginBody(DateTimeOffset.UtcNow.AddHours(1), $"login-{Interlocked.Increment(ref logins)}")));
        string? firstToken = null;
        server.Map("GET", "/dap/query/canvas/table", (r, ctx) =>
        {
            firstToken ??= r.Authorization;
            return r.Authorization == firstToken
                ? ctx.Json(401, """{"error":{"type":"AuthenticationError","uuid":"u-401","message":"expired"}}""")
                : ctx.Json(200, Tables);
        });
        using var client = TestClients.Create(server);

        var tables = await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(["accounts"], tables);
        Assert.Equal(2, server.Count("POST", "/ids/auth/login"));
        Assert.Equal(2, server.Count("GET", "/dap/query/canvas/table"));
    }

    [Fact]
    public async Task Api401_twice_is_an_authentication_error_with_two_attempts_only()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/job/j", (_, ctx) => ctx.Json(401, """{"error":{"type":"AuthenticationError","uuid":"u-401","message":"no"}}"""));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.GetJobAsync("j", cancellationToken));

        Assert.Equal(DapErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("u-401", error.Error?.Uuid);
        Assert.Equal(2, server.Count("GET", "/dap/job/j"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Login4xx_is_never_retried(int status)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/ids/auth/login", (_, ctx) => ctx.Json(status, """{"error":{"type":"AuthenticationError","uuid":"u-login","message":"bad client"}}"""));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.ListTablesAsync("canvas", cancellationToken));

        Assert.Equal(1, server.Count("POST", "/ids/auth/login"));
        Assert.Equal(0, server.Count("GET", "/dap/query/canvas/table"));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(status == 429 ? DapErrorKind.Transient : DapErrorKind.Authentication, error.Kind);
        Assert.DoesNotContain(TestClients.Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login5xx_is_retried()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var calls = 0;
        server.Map("POST", "/ids/auth/login", (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? ctx.Json(503, """{"error":{"message":"busy"}}""")
            : ctx.Json(200, Jwt.LoginBody(DateTimeOffset.UtcNow.AddHours(1))));
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, Tables));
        using var client = TestClients.Create(server);

        await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(2, server.Count("POST", "/ids/auth/login"));
    }
}
