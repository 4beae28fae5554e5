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

    public async Task<HttpResponseMessage> LoginAsync(string id, string secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "ids/auth/login")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
        return await _http.SendAsync(request, ct);
    }

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is null)
        {
            using var response = await LoginAsync(server.ClientId, server.ClientSecret, ct);
            response.EnsureSuccessStatusCode();
            _token = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["access_token"]!.GetValue<string>();
        }

        return _token;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, JsonNode? body, CancellationToken ct, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TokenAsync(ct));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonObject> QueryAsync(string ns, string table, JsonObject body, CancellationToken ct)
    {
        var (status, job, _) = await SendAsync(HttpMethod.Post, $"dap/query/{ns}/table/{table}/data", body, ct);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{status}: {job?.ToJsonString()}");
        while (job!["status"]!.GetValue<string>() is "waiting" or "running")
        {
            await Task.Delay(50, ct);
            (_, job, _) = await SendAsync(HttpMethod.Get, $"dap/job/{job!["id"]}", null, ct);
        }

        return job.AsObject();
    }

    public async Task<string> ObjectUrlAsync(string objectId, CancellationToken ct)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "dap/object/url", new JsonArray(new JsonObject { ["id"] = objectId }), ct);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["urls"]![objectId]!["url"]!.GetValue<string>();
    }

    /// <summary>The decompressed text of every object of a complete job, in object order.</summary>
    public async Task<List<string>> DownloadAllAsync(JsonObject job, CancellationToken ct)
    {
        Assert.Equal("complete", job["status"]!.GetValue<string>());
        var texts = new List<string>();
        foreach (var obj in job["objects"]!.AsArray())
        {
            var url = await ObjectUrlAsync(obj!["id"]!.GetValue<string>(), ct);
            var bytes = await _http.GetByteArrayAsync(new Uri(url), ct);
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
