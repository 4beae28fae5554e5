using System.Text;
using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Client;

public sealed class EndpointTests
{
    [Fact]
    public async Task List_tables_logs_in_with_basic_auth_and_sends_bearer()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, """{"tables":["accounts","courses"],"extra":1}"""));
        using var client = TestClients.Create(server);

        var tables = await client.ListTablesAsync("canvas", cancellationToken);

        Assert.Equal(["accounts", "courses"], tables);
        var login = Assert.Single(server.Requests, r => r.Path == "/ids/auth/login");
        Assert.StartsWith("Basic ", login.Authorization);
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(login.Authorization!["Basic ".Length..]));
        Assert.EndsWith(":" + TestClients.Secret, decoded);
        Assert.Equal("application/x-www-form-urlencoded", login.ContentType);
        Assert.Equal("grant_type=client_credentials", login.Body);
        var list = Assert.Single(server.Requests, r => r.Path == "/dap/query/canvas/table");
        Assert.StartsWith("Bearer ey", list.Authorization);
    }

    [Fact]
    public async Task Get_schema_returns_schema_document_and_version()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/query/canvas/table/accounts/schema", (_, ctx) => ctx.Json(200,
            """{"schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"key":{"type":"object"}}},"version":3}"""));
        using var client = TestClients.Create(server);

        var schema = await client.GetSchemaAsync("canvas", "accounts", cancellationToken);

        Assert.Equal(3, schema.Version);
        Assert.Equal("object", schema.Schema.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Start_query_snapshot_sends_format_and_mode_only_and_reads_running_job()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/query/canvas/table/accounts/data", (_, ctx) => ctx.Json(202,
            """{"id":"9c5b7d2e-0000-4000-8000-000000000001","status":"running","expires_at":"2024-01-03T03:04:05Z"}"""));
        using var client = TestClients.Create(server);

        var job = await client.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);

        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 3, 4, 5, TimeSpan.Zero), job.ExpiresAt);
        var post = Assert.Single(server.Requests, r => r.Method == "POST" && r.Path.EndsWith("/data", StringComparison.Ordinal));
        Assert.Equal("""{"format":"tsv","mode":"condensed"}""", post.Body);
        Assert.StartsWith("application/json", post.ContentType);
    }

    [Fact]
    public async Task Start_query_incremental_sends_utc_timestamps_with_z_and_never_null_or_filter()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/query/canvas_logs/table/web_logs/data", (_, ctx) => ctx.Json(202, """{"id":"j1","status":"waiting"}"""));
        using var client = TestClients.Create(server);
        var since = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_560);
        var request = new QueryRequest(DataFormat.Jsonl, Mode: null, Since: since, Until: new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero));

        var job = await client.StartQueryAsync("canvas_logs", "web_logs", request, cancellationToken);

        Assert.Equal(JobStatus.Waiting, job.Status);
        var post = Assert.Single(server.Requests, r => r.Method == "POST" && r.Path.EndsWith("/data", StringComparison.Ordinal));
        Assert.Equal("""{"format":"jsonl","since":"2024-01-02T03:04:05.123456Z","until":"2024-01-03T00:00:00Z"}""", post.Body);
    }

    [Fact]
    public async Task Start_query_identical_live_job_comes_back_complete_with200()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/query/canvas/table/accounts/data", (_, ctx) => ctx.Json(200,
            """{"id":"j2","status":"complete","expires_at":"2024-01-03T00:00:00Z","objects":[{"id":"j2/part-00000.tsv.gz"}],"schema_version":2,"at":"2024-01-02T03:04:05.123456Z"}"""));
        using var client = TestClients.Create(server);

        var job = await client.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);

        Assert.True(job.IsTerminal);
        Assert.Equal(["j2/part-00000.tsv.gz"], job.ObjectIds);
        Assert.Equal(2, job.SchemaVersion);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560), job.DataAsOf);
    }

    [Theory]
    [InlineData("""{"id":"j","status":"waiting"}""", JobStatus.Waiting)]
    [InlineData("""{"id":"j","status":"running","expires_at":null,"future_field":{"x":1}}""", JobStatus.Running)]
    [InlineData("""{"id":"j","status":"complete","objects":[],"schema_version":1,"since":"2024-01-01T00:00:00Z","until":"2024-01-02T00:00:00+00:00"}""", JobStatus.Complete)]
    [InlineData("""{"id":"j","status":"failed","error":{"type":"ProcessingError","uuid":"u-1","message":"boom"}}""", JobStatus.Failed)]
    public async Task Get_job_reads_every_documented_shape(string json, JobStatus expected)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/job/j", (_, ctx) => ctx.Json(expected is JobStatus.Waiting or JobStatus.Running ? 202 : 200, json));
        using var client = TestClients.Create(server);

        var job = await client.GetJobAsync("j", cancellationToken);

        Assert.Equal(expected, job.Status);
        if (expected == JobStatus.Failed)
        {
            Assert.Equal(new DapError("ProcessingError", "u-1", "boom"), job.Error);
        }

        if (expected == JobStatus.Complete)
        {
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), job.DataAsOf);
        }
    }

    [Fact]
    public async Task Get_job_complete_without_objects_is_a_protocol_error()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/job/j", (_, ctx) => ctx.Json(200, """{"id":"j","status":"complete","schema_version":1}"""));
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.GetJobAsync("j", cancellationToken));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains("objects", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_object_urls_sends_id_array_and_reads_url_map()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("POST", "/dap/object/url", (_, ctx) => ctx.Json(200,
            """{"urls":{"a":{"url":"https://bucket.example/a.tsv.gz?sig=1"},"b/c":{"url":"https://bucket.example/c.tsv.gz"}}}"""));
        using var client = TestClients.Create(server);

        var urls = await client.GetObjectUrlsAsync(["a", "b/c"], cancellationToken);

        Assert.Equal(new Uri("https://bucket.example/a.tsv.gz?sig=1"), urls["a"]);
        Assert.Equal(2, urls.Count);
        var post = Assert.Single(server.Requests, r => r.Path == "/dap/object/url");
        Assert.Equal("""[{"id":"a"},{"id":"b/c"}]""", post.Body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_json_answer_over_the_size_cap_is_a_protocol_error(bool chunked)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var huge = "{\"tables\":[" + string.Join(',', Enumerable.Repeat("\"accounts\"", 20_000)) + "]}";
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) =>
        {
            // Without a Content-Length Kestrel sends the body chunked: the cap must hold while reading, too.
            ctx.Response.ContentLength = chunked ? null : System.Text.Encoding.UTF8.GetByteCount(huge);
            return ctx.Json(200, huge);
        });
        using var client = TestClients.Create(server, o => o.MaxJsonResponseBytes = 64 * 1024);

        var error = await Assert.ThrowsAsync<DapException>(() => client.ListTablesAsync("canvas", cancellationToken));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains("MaxJsonResponseBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("GET", "/dap/query/canvas/table"));
    }

    public static TheoryData<string, string> HostileNames => new()
    {
        { "..", "accounts" },
        { "canvas", ".." },
        { "canvas", "../../object/url" },
        { "canvas", "a/b" },
        { "canvas", "%2e%2e" },
        { "canvas", "a b" },
        { "canvas", "" },
        { "canvas", "ünïcødé" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_name_outside_the_strict_pattern_is_refused_before_any_request(string ns, string table)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        using var client = TestClients.Create(server);

        var schema = await Assert.ThrowsAsync<DapException>(() => client.GetSchemaAsync(ns, table, cancellationToken));
        var query = await Assert.ThrowsAsync<DapException>(() => client.StartQueryAsync(ns, table, new QueryRequest(), cancellationToken));

        Assert.Equal(DapErrorKind.InvalidName, schema.Kind);
        Assert.Equal(DapErrorKind.InvalidName, query.Kind);
        Assert.Contains(ns == ".." ? "namespace name '..'" : $"table name '{table}'", schema.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a b")]
    [InlineData("../object/url")]
    public async Task A_job_id_outside_the_strict_pattern_is_refused_before_any_request(string jobId)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        using var client = TestClients.Create(server);

        var error = await Assert.ThrowsAsync<DapException>(() => client.GetJobAsync(jobId, cancellationToken));

        Assert.Equal(DapErrorKind.InvalidName, error.Kind);
        Assert.Empty(server.Requests);
    }
}
