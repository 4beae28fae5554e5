using System.Text;
using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Client;

public sealed class DownloadTests
{
    private const string ObjectId = "job-1/part-00000.tsv.gz";
    private const string Tsv = "meta.ts\tkey.id\tvalue.name\n2024-01-02T03:04:05Z\t1\tAda\n";

    private static void MapUrl(ScriptedDapServer server, string objectPath) =>
        server.Map("POST", "/dap/object/url", (_, ctx) => ctx.Json(200, $$$$"""{"urls":{"{{{{ObjectId}}}}":{"url":"{{{{server.Url(objectPath)}}}}?X-Amz-Signature=abc"}}}"""));

    [Fact]
    public async Task Open_object_resolves_fresh_url_downloads_without_auth_and_gunzips()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapUrl(server, "/bucket/part-00000.tsv.gz");
        server.Map("GET", "/bucket/part-00000.tsv.gz", (_, ctx) => ctx.Bytes(200, Gzip.Compress(Tsv)));
        using var client = TestClients.Create(server);

        await using (var stream = await client.OpenObjectAsync(ObjectId, cancellationToken))
        using (var reader = new StreamReader(stream))
        {
            Assert.Equal(Tsv, await reader.ReadToEndAsync(cancellationToken));
        }

        await using (var again = await client.OpenObjectAsync(ObjectId, cancellationToken))
        {
            await again.CopyToAsync(Stream.Null, cancellationToken);
        }

        Assert.Equal(2, server.Count("POST", "/dap/object/url"));
        Assert.All(server.Requests.Where(r => r.Path.StartsWith("/bucket/", StringComparison.Ordinal)), r => Assert.Null(r.Authorization));
        Assert.Equal($$"""[{"id":"{{ObjectId}}"}]""", server.Requests.First(r => r.Path == "/dap/object/url").Body);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Open_object_expired_url_is_resolved_again_once(int status)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapUrl(server, "/bucket/o.tsv.gz");
        var downloads = 0;
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => Interlocked.Increment(ref downloads) == 1
            ? ctx.Text(status, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml")
            : ctx.Bytes(200, Gzip.Compress(Tsv)));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, cancellationToken);
        await stream.CopyToAsync(Stream.Null, cancellationToken);

        Assert.Equal(2, server.Count("POST", "/dap/object/url"));
        Assert.Equal(2, downloads);
    }

    [Fact]
    public async Task Open_object_refused_twice_is_not_found_so_the_caller_queries_again()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Text(403, "<Error><Code>AccessDenied</Code></Error>", "application/xml"));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, cancellationToken));

        Assert.Equal(DapErrorKind.NotFound, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(2, server.Count("GET", "/bucket/o.tsv.gz"));
        Assert.DoesNotContain("X-Amz-Signature", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(200)]
    public async Task Open_object_truncated_gzip_fails_the_read(int missingBytes)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        var gzip = Gzip.Compress(data);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, gzip[..^missingBytes]));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, cancellationToken);
        var error = await Assert.ThrowsAsync<DapException>(() => stream.CopyToAsync(Stream.Null, cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.Contains(ObjectId, error.Message, StringComparison.Ordinal);
        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_object_corrupt_gzip_fails_the_read()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var gzip = Gzip.Compress(Tsv);
        gzip[12] ^= 0xFF;
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, gzip));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, cancellationToken);
        var error = await Assert.ThrowsAsync<DapException>(() => stream.CopyToAsync(Stream.Null, cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
    }

    [Fact]
    public async Task Open_object_not_gzip_is_passed_through_raw()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var parquet = Encoding.ASCII.GetBytes("PAR1....PAR1");
        MapUrl(server, "/bucket/o.parquet");
        server.Map("GET", "/bucket/o.parquet", (_, ctx) => ctx.Bytes(200, parquet));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);

        Assert.Equal(parquet, copy.ToArray());
    }

    [Theory]
    [InlineData("meta.ts\tkey.id\n2024-01-02T03:04:05Z\t1\n")]
    [InlineData("<html><body>Service Unavailable</body></html>")]
    [InlineData("")]
    public async Task Open_object_gzip_object_that_is_not_gzip_fails_like_a_truncated_one(string body)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, Encoding.UTF8.GetBytes(body)));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.Contains(ObjectId, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a complete gzip file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_object_plain_http_url_off_loopback_is_refused()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/object/url", (_, ctx) => ctx.Json(200, $$$$"""{"urls":{"{{{{ObjectId}}}}":{"url":"http://bucket.example/o.tsv.gz"}}}"""));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, cancellationToken));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }
}
