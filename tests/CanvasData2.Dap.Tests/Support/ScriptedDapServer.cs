using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap.Tests.Support;

/// <summary>What the server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);

/// <summary>
/// A Kestrel server on 127.0.0.1 (port 0) answering from per-route scripts: real HTTP over loopback.
/// The login answers a 1-hour JWT unless a test maps <c>POST /ids/auth/login</c> itself.
/// </summary>
public sealed class ScriptedDapServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly WebApplication _app;

    private ScriptedDapServer(WebApplication app)
    {
        _app = app;
        Map("POST", "/ids/auth/login", (_, ctx) => ctx.Json(200, Jwt.LoginBody(DateTimeOffset.UtcNow.AddHours(1))));
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<ScriptedDapServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedDapServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>Scripts a route; the handler sees what was sent and writes the answer.</summary>
    public void Map(string method, string path, Func<RecordedRequest, HttpContext, Task> handler) => _routes[$"{method} {path}"] = handler;

    public int Count(string method, string path) => _requests.Count(r => r.Method == method && r.Path == path);

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var request = new RecordedRequest(context.Request.Method, path, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.ContentType, body);
        _requests.Enqueue(request);
        if (_routes.TryGetValue($"{request.Method} {path}", out var handler))
        {
            await handler(request, context);
        }
        else
        {
            await context.Json(404, """{"error":{"type":"ObjectNotFound","uuid":"u-404","message":"no route"}}""");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
