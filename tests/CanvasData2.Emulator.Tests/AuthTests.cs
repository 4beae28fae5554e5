using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Login_answers_exactly_four_fields_with_a_jwt_carrying_an_integer_exp()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        using var response = await client.LoginAsync(server.ClientId, server.ClientSecret, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        Assert.Equal(["access_token", "expires_in", "scope", "token_type"], body.Select(p => p.Key).Order());
        Assert.Equal(3600, body["expires_in"]!.GetValue<long>());
        var parts = body["access_token"]!.GetValue<string>().Split('.');
        Assert.Equal(3, parts.Length);
        var payload = JsonNode.Parse(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')))!;
        Assert.True(payload["exp"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Login_with_a_wrong_secret_is_401_with_an_error_body()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        using var response = await client.LoginAsync(server.ClientId, "wrong", cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["error"]!;
        Assert.Equal("AuthenticationError", error["type"]!.GetValue<string>());
        Assert.True(Guid.TryParse(error["uuid"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Default_credentials_are_generated_per_run()
    {
        await using var first = await EmulatorFactory.StartAsync();
        await using var second = await EmulatorFactory.StartAsync();

        Assert.NotEqual(first.ClientSecret, second.ClientSecret);
        Assert.NotEqual(first.ClientId, second.ClientId);
    }

    [Fact]
    public async Task The_legacy_X_InstAuth_header_is_accepted_and_a_bad_token_is_refused()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        var token = await client.TokenAsync(cancellationToken);

        using var legacy = new HttpRequestMessage(HttpMethod.Get, "dap/query/canvas/table");
        legacy.Headers.Add("X-InstAuth", token);
        using var ok = await client.Http.SendAsync(legacy, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var none = await client.Http.GetAsync(new Uri("dap/query/canvas/table", UriKind.Relative), cancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var (status, _, _) = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken, token: token[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        // JWT exp is whole seconds, so a lifetime of a few seconds leaves a loaded machine room for the first call.
        await using var server = await EmulatorFactory.StartAsync(o => o.TokenLifetime = TimeSpan.FromSeconds(5));
        using var client = new DapTestClient(server);
        var token = await client.TokenAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken)).Status);

        await Task.Delay(TimeSpan.FromSeconds(6.1), cancellationToken);

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken, token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AuthenticationError", body!["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_without_the_client_credentials_grant_is_400()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "ids/auth/login")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "password")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.ClientId}:{server.ClientSecret}")));
        using var response = await client.Http.SendAsync(request, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
