using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Tests.Support;

/// <summary>A bare HTTP client for the emulator: what any DAP client would send, with no retries.</summary>
internal sealed class DapTestClient(EmulatorServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseUrl };
    private string? _token;

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> LoginAsync(string id, string secret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "ids/auth/login")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
        return await _http.SendAsync(request, cancellationToken);
    }

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is null)
        {
            using var response = await LoginAsync(server.ClientId, server.ClientSecret, cancellationToken);
            response.EnsureSuccessStatusCode();
            _token = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["access_token"]!.GetValue<string>();
        }

        return _token;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TokenAsync(cancellationToken));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonObject> QueryAsync(string ns, string table, JsonObject body, CancellationToken cancellationToken)
    {
        var (status, job, _) = await SendAsync(HttpMethod.Post, $"dap/query/{ns}/table/{table}/data", body, cancellationToken);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{status}: {job?.ToJsonString()}");
        while (job!["status"]!.GetValue<string>() is "waiting" or "running")
        {
            await Task.Delay(50, cancellationToken);
            (_, job, _) = await SendAsync(HttpMethod.Get, $"dap/job/{job!["id"]}", null, cancellationToken);
        }

        return job.AsObject();
    }

    public async Task<string> ObjectUrlAsync(string objectId, CancellationToken cancellationToken)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "dap/object/url", new JsonArray(new JsonObject { ["id"] = objectId }), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["urls"]![objectId]!["url"]!.GetValue<string>();
    }

    /// <summary>The decompressed text of every object of a complete job, in object order.</summary>
    public async Task<List<string>> DownloadAllAsync(JsonObject job, CancellationToken cancellationToken)
    {
        Assert.Equal("complete", job["status"]!.GetValue<string>());
        var texts = new List<string>();
        foreach (var obj in job["objects"]!.AsArray())
        {
            var url = await ObjectUrlAsync(obj!["id"]!.GetValue<string>(), cancellationToken);
            var bytes = await _http.GetByteArrayAsync(new Uri(url), cancellationToken);
            texts.Add(Gunzip(bytes));
        }

        return texts;
    }

    public static string Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Dispose() => _http.Dispose();
}
