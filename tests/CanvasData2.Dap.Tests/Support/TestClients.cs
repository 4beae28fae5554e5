using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap.Tests.Support;

public static class TestClients
{
    public const string Secret = "s3cr3t-VALUE-never-shown";

    /// <summary>Fast retries, no pacing unless a test turns it on; a unique client id so pacers are not shared between tests.</summary>
    public static DapClientOptions Options(Uri baseUrl, Action<DapClientOptions>? tweak = null)
    {
        var options = new DapClientOptions
        {
            BaseUrl = baseUrl,
            ClientId = $"us-east-1#{Guid.NewGuid()}",
            ClientSecret = Secret,
            Pacing = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            DefaultRetryAfter = TimeSpan.FromMilliseconds(50),
            MaxRetryAttempts = 3,
            AttemptTimeout = TimeSpan.FromSeconds(10),
            RetryBudget = TimeSpan.FromSeconds(30),
        };
        tweak?.Invoke(options);
        return options;
    }

    public static DapClient Create(ScriptedDapServer server, Action<DapClientOptions>? tweak = null, ILoggerFactory? loggerFactory = null) =>
        DapClient.Create(Options(server.BaseUrl, tweak), loggerFactory);
}
