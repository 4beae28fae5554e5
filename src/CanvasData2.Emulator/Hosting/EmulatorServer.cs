using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Api;
using CanvasData2.Emulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CanvasData2.Emulator;

/// <summary>
/// A running DAP Query API emulator on 127.0.0.1: the HTTP endpoints of the real API plus an admin API that moves
/// its virtual clock, changes schemas and tables, and injects faults. Dispose to stop it and delete its cache.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorServices _services;
    private readonly string? _ownedCacheDirectory;

    private EmulatorServer(WebApplication app, EmulatorServices services, string? ownedCacheDirectory)
    {
        _app = app;
        _services = services;
        _ownedCacheDirectory = ownedCacheDirectory;
    }

    /// <summary>The API base URL, e.g. `http://127.0.0.1:5123/` (use as `DAP_API_URL`).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public string ClientId => _services.ClientId;

    public string ClientSecret => _services.ClientSecret;

    /// <summary>The current virtual step (0 at start).</summary>
    public int Step => _services.State.Step;

    /// <summary>The virtual time: base time + step length × step.</summary>
    public DateTimeOffset Now => _services.State.Now;

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientId = options.ClientId ?? $"emulator#{Guid.NewGuid()}";
        // Hex, not base64url: a secret starting with '-' reads as an option to any command line it is passed to.
        var clientSecret = options.ClientSecret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var owned = options.CacheDirectory is null ? Path.Combine(Path.GetTempPath(), $"cd2-emulator-{Guid.NewGuid():N}") : null;
        var cache = options.CacheDirectory ?? owned!;
        Directory.CreateDirectory(cache);
        var services = new EmulatorServices(options, clientId, clientSecret, cache, TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new EmulatorServer(app, services, owned);
        app.Use((context, next) => FaultMiddleware.InvokeAsync(context, services.Faults, () => next(context)));
        app.MapLogin(services);
        var dap = app.MapGroup("/dap").RequireDapToken(services);
        dap.MapQuery(services);
        dap.MapObjectUrls(services);
        app.MapDownloads(services);
        app.MapAdmin(server);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Moves the virtual clock forward; each step changes every table a little.</summary>
    public int AdvanceTime(int steps = 1) => _services.State.AdvanceTime(steps);

    /// <summary>Publishes the next schema version of a table (a new nullable column, a new enum label); returns it.</summary>
    public int BumpSchema(string ns, string table) => _services.State.BumpSchema(ns, table);

    /// <summary>Adds a table with the given JSON schema (the `schema` object of the schema endpoint).</summary>
    public void AddTable(string ns, string table, JsonObject schema, long? rows = null) => _services.State.AddTable(ns, table, schema, rows);

    public bool RemoveTable(string ns, string table) => _services.State.RemoveTable(ns, table);

    /// <summary>Refuses incremental queries of a table from before now (400): clients must take a new snapshot.</summary>
    public void RequireSnapshot(string ns, string table) => _services.State.RequireSnapshot(ns, table);

    public void AddFault(FaultRule rule) => _services.Faults.Add(rule);

    public void ClearFaults() => _services.Faults.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _services.Dispose();
        if (_ownedCacheDirectory is not null && Directory.Exists(_ownedCacheDirectory))
        {
            Directory.Delete(_ownedCacheDirectory, recursive: true);
        }
    }
}
