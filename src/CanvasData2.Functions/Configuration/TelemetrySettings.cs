using Azure.Core;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// The worker's Application Insights options. In Azure the resource refuses key-only ingestion (local auth off),
/// and <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=...;Authorization=AAD</c>) tells the host to
/// send as the app's identity; the worker SDK does not read that setting, so it gets the same credential here.
/// </summary>
internal static class TelemetrySettings
{
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static void Apply(ApplicationInsightsServiceOptions options, IConfiguration configuration, TokenCredential credential)
    {
        if (UsesEntra(configuration))
        {
            options.Credential = credential;
        }
    }

    public static bool UsesEntra(IConfiguration configuration)
        => (configuration[AuthenticationStringKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains("Authorization=AAD", StringComparer.OrdinalIgnoreCase);
}
