using Azure.Core;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// The worker's Application Insights settings (the 2.x SDK that Microsoft.Azure.Functions.Worker.ApplicationInsights
/// is built against: 3.x removed types it loads). In Azure the resource refuses key-only ingestion (local auth off),
/// and <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=...;Authorization=AAD</c>) tells the host to
/// send as the app's identity; the worker SDK does not read that setting, so it gets the same credential here.
/// </summary>
internal static class TelemetrySettings
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[ConnectionStringKey]);

    /// <summary>The run summary (one trace per run) is what the alert rules count: the worker never samples.</summary>
    public static void Apply(ApplicationInsightsServiceOptions options) => options.EnableAdaptiveSampling = false;

    public static void Apply(TelemetryConfiguration telemetry, IConfiguration configuration, TokenCredential credential)
    {
        if (UsesEntra(configuration))
        {
            telemetry.SetAzureTokenCredential(credential);
        }
    }

    public static bool UsesEntra(IConfiguration configuration)
        => (configuration[AuthenticationStringKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains("Authorization=AAD", StringComparer.OrdinalIgnoreCase);
}
