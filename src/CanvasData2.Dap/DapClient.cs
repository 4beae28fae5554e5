using CanvasData2.Dap.Auth;
using CanvasData2.Dap.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CanvasData2.Dap;

/// <summary>
/// The DAP Query API client: token handling, retries with back-off, pacing of rate-limited calls and typed
/// errors (<see cref="DapException"/>). Register it with
/// <see cref="DapServiceCollectionExtensions.AddDapClient"/> or build one with <see cref="Create"/>.
/// Thread-safe; keep one per set of credentials.
/// </summary>
public sealed partial class DapClient : IDapClient, IDisposable
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly DapClientOptions _options;
    private readonly DapTokenProvider _tokens;
    private readonly DapPacer? _pacer;
    private readonly ILogger _logger;
    private ServiceProvider? _ownedServices;
    private int _disposed;

    internal DapClient(IHttpClientFactory httpClientFactory, IOptions<DapClientOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options.Value.Clone();
        _options.Validate();
        _httpClientFactory = httpClientFactory;
        _tokens = new DapTokenProvider(httpClientFactory, _options, timeProvider, loggerFactory.CreateLogger<DapTokenProvider>());
        _pacer = DapPacer.For(_options);
        _logger = loggerFactory.CreateLogger<DapClient>();
    }

    /// <summary>
    /// A client outside dependency injection (CLI, tests) with the same HTTP pipeline as
    /// <see cref="DapServiceCollectionExtensions.AddDapClient"/>. Dispose it when done.
    /// </summary>
    public static DapClient Create(DapClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Clone();
        snapshot.Validate();
        var services = new ServiceCollection();
        if (loggerFactory is not null)
        {
            services.AddSingleton(loggerFactory);
        }

        services.AddSingleton(Options.Create(snapshot));
        services.AddDapClientServices();
        var provider = services.BuildServiceProvider();
        var client = (DapClient)provider.GetRequiredService<IDapClient>();
        client._ownedServices = provider;
        return client;
    }

    /// <inheritdoc />
    public async Task AuthenticateAsync(CancellationToken cancellationToken = default)
        => await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"DapClient {{ {_options} }}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _tokens.Dispose();
        _ownedServices?.Dispose();
    }
}
