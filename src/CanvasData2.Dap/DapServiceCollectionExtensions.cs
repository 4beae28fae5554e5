using CanvasData2.Dap.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CanvasData2.Dap;

/// <summary>Registers <see cref="IDapClient"/> with its named HTTP clients and resilience pipeline.</summary>
public static class DapServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="IDapClient"/> configured by <paramref name="configure"/> (validated on first use).</summary>
    public static IServiceCollection AddDapClient(this IServiceCollection services, Action<DapClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DapClientOptions>().Configure(configure);
        return services.AddDapClientServices();
    }

    internal static IServiceCollection AddDapClientServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // API bodies are small JSON read inside SendAsync, so the client timeout bounds them; downloads
        // stream for as long as the caller reads, bounded by the caller's token.
        AddPipeline(services.AddHttpClient(DapHttpClientNames.Api)).ConfigureHttpClient((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<DapClientOptions>>().Value;
            client.Timeout = options.RetryBudget + options.AttemptTimeout;
            client.MaxResponseContentBufferSize = options.MaxJsonResponseBytes;
        });
        AddPipeline(services.AddHttpClient(DapHttpClientNames.Download))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IDapClient>(provider => new DapClient(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<DapClientOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    private static IHttpClientBuilder AddPipeline(IHttpClientBuilder builder)
    {
        // Our own log lines name the URL without its query: a pre-signed URL's query is a credential.
        builder.RemoveAllLoggers();
        builder.AddResilienceHandler("dap", (pipeline, context) => DapResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<DapClientOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CanvasData2.Dap.Http")));
        return builder;
    }
}
