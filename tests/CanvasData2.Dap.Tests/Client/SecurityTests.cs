using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Client;

public sealed class SecurityTests
{
    [Fact]
    public void Options_and_client_to_string_hide_the_secret()
    {
        var options = TestClients.Options(new Uri("https://api-gateway.example"));
        using var client = DapClient.Create(options);

        Assert.DoesNotContain(TestClients.Secret, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.Secret, client.ToString(), StringComparison.Ordinal);
        Assert.Contains(options.ClientId, options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api-gateway.example")]
    [InlineData("http://10.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1")]
    public void Non_loopback_plain_http_is_rejected_naming_the_setting(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => DapClient.Create(TestClients.Options(new Uri(url))));

        Assert.Contains("DapClientOptions.BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://api-gateway.example")]
    public void Https_or_loopback_is_accepted(string url)
    {
        var refusal = Record.Exception(() => DapClient.Create(TestClients.Options(new Uri(url))).Dispose());

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Missing_secret_is_rejected_naming_the_setting(string? secret)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DapClient.Create(TestClients.Options(new Uri("https://api.example"), o => o.ClientSecret = secret!)));

        Assert.Contains("DapClientOptions.ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_and_tokens_never_reach_logs_or_errors()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var token = Jwt.Create(DateTimeOffset.UtcNow.AddHours(1));
        var logins = 0;
        server.Map("POST", "/ids/auth/login", (_, ctx) => Interlocked.Increment(ref logins) == 1
            ? ctx.Json(503, """{"error":{"message":"busy"}}""")
            : ctx.Json(200, $$"""{"access_token":"{{token}}","expires_in":3600,"scope":"s","token_type":"Bearer"}"""));
        server.Map("GET", "/dap/job/j", (_, ctx) => ctx.Json(401, """{"error":{"type":"AuthenticationError","uuid":"u","message":"bad token"}}"""));
        server.Map("POST", "/dap/object/url", (_, ctx) => ctx.Json(200, $$$$"""{"urls":{"o":{"url":"{{{{server.Url("/bucket/o.gz")}}}}?X-Amz-Signature=SIGNATURE"}}}"""));
        server.Map("GET", "/bucket/o.gz", (_, ctx) => ctx.Text(500, "oops", "text/plain"));
        var logs = new CapturingLoggerFactory();
        var options = TestClients.Options(server.BaseUrl);
        using var client = DapClient.Create(options, logs);

        var authError = await Assert.ThrowsAsync<DapException>(() => client.GetJobAsync("j", cancellationToken));
        var downloadError = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync("o", cancellationToken));

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.ClientId}:{TestClients.Secret}"));
        string[] everything = [logs.AllText, authError.ToString(), downloadError.ToString(), client.ToString()];
        Assert.NotEmpty(logs.Lines);
        foreach (var text in everything)
        {
            Assert.DoesNotContain(TestClients.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("SIGNATURE", text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        }
    }
}
