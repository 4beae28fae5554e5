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
    public async Task OpenObject_ResolvesFreshUrl_DownloadsWithoutAuth_AndGunzips()
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        MapUrl(server, "/bucket/part-00000.tsv.gz");
        server.Map("GET", "/bucket/part-00000.tsv.gz", (_, ctx) => ctx.Bytes(200, Gzip.Compress(Tsv)));
        using var client = TestClients.Create(server);

        await using (var stream = await client.OpenObjectAsync(ObjectId, ct))
        using (var reader = new StreamReader(stream))
            Assert.Equal(Tsv, await reader.ReadToEndAsync(ct));
        await using (var again = await client.OpenObjectAsync(ObjectId, ct))
            await again.CopyToAsync(Stream.Null, ct);

        Assert.Equal(2, server.Count("POST", "/dap/object/url"));
        Assert.All(server.Requests.Where(r => r.Path.StartsWith("/bucket/", StringComparison.Ordinal)), r => Assert.Null(r.Authorization));
        Assert.Equal($$"""[{"id":"{{ObjectId}}"}]""", server.Requests.First(r => r.Path == "/dap/object/url").Body);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task OpenObject_ExpiredUrl_IsResolvedAgainOnce(int status)
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        MapUrl(server, "/bucket/o.tsv.gz");
        var downloads = 0;
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => Interlocked.Increment(ref downloads) == 1
            ? ctx.Text(status, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml")
            : ctx.Bytes(200, Gzip.Compress(Tsv)));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, ct);
        await stream.CopyToAsync(Stream.Null, ct);

        Assert.Equal(2, server.Count("POST", "/dap/object/url"));
        Assert.Equal(2, downloads);
    }

    [Fact]
    public async Task OpenObject_RefusedTwice_IsNotFound_SoTheCallerQueriesAgain()
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Text(403, "<Error><Code>AccessDenied</Code></Error>", "application/xml"));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, ct));

        Assert.Equal(DapErrorKind.NotFound, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(2, server.Count("GET", "/bucket/o.tsv.gz"));
        Assert.DoesNotContain("X-Amz-Signature", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(200)]
    public async Task OpenObject_TruncatedGzip_FailsTheRead(int missingBytes)
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        var gzip = Gzip.Compress(data);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, gzip[..^missingBytes]));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, ct);
        var error = await Assert.ThrowsAsync<DapException>(() => stream.CopyToAsync(Stream.Null, ct));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.Contains(ObjectId, error.Message, StringComparison.Ordinal);
        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenObject_CorruptGzip_FailsTheRead()
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        var gzip = Gzip.Compress(Tsv);
        gzip[12] ^= 0xFF;
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, gzip));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, ct);
        var error = await Assert.ThrowsAsync<DapException>(() => stream.CopyToAsync(Stream.Null, ct));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
    }

    [Fact]
    public async Task OpenObject_NotGzip_IsPassedThroughRaw()
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        var parquet = Encoding.ASCII.GetBytes("PAR1....PAR1");
        MapUrl(server, "/bucket/o.parquet");
        server.Map("GET", "/bucket/o.parquet", (_, ctx) => ctx.Bytes(200, parquet));
        using var client = TestClients.Create(server);

        await using var stream = await client.OpenObjectAsync(ObjectId, ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);

        Assert.Equal(parquet, copy.ToArray());
    }

    [Theory]
    [InlineData("meta.ts\tkey.id\n2024-01-02T03:04:05Z\t1\n")]
    [InlineData("<html><body>Service Unavailable</body></html>")]
    [InlineData("")]
    public async Task OpenObject_GzipObjectThatIsNotGzip_FailsLikeATruncatedOne(string body)
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        MapUrl(server, "/bucket/o.tsv.gz");
        server.Map("GET", "/bucket/o.tsv.gz", (_, ctx) => ctx.Bytes(200, Encoding.UTF8.GetBytes(body)));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, ct));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
        Assert.Contains(ObjectId, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a complete gzip file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenObject_PlainHttpUrlOffLoopback_IsRefused()
    {
        var ct = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(ct);
        server.Map("POST", "/dap/object/url", (_, ctx) => ctx.Json(200, $$$$"""{"urls":{"{{{{ObjectId}}}}":{"url":"http://bucket.example/o.tsv.gz"}}}"""));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.OpenObjectAsync(ObjectId, ct));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }
}
