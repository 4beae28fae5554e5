using System.Globalization;

namespace CanvasData2.Dap;

/// <summary>
/// Settings of a <see cref="DapClient"/>. <see cref="ClientSecret"/> is never written by <see cref="ToString"/>,
/// logs or exception messages.
/// </summary>
public sealed class DapClientOptions
{
    /// <summary>The documented default of <c>DAP_API_URL</c>.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api-gateway.instructure.com");

    /// <summary>API root (<c>DAP_API_URL</c>). HTTPS only; plain HTTP is accepted for loopback hosts (tests, emulator).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary><c>DAP_CLIENT_ID</c>; may look like <c>region#uuid</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary><c>DAP_CLIENT_SECRET</c>. Never logged or shown.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Keep job creation and table listing under DAP's per-minute limits in this process. Off for tests and benchmarks.</summary>
    public bool Pacing { get; set; } = true;

    /// <summary>Length of the pacing window; DAP's limits are per minute.</summary>
    public TimeSpan PacingWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Job creations (<c>POST …/data</c>) allowed per <see cref="PacingWindow"/>; DAP documents 5 per minute.</summary>
    public int JobCreationsPerWindow { get; set; } = 5;

    /// <summary>Table listings allowed per <see cref="PacingWindow"/>; DAP documents 5 per minute.</summary>
    public int TableListingsPerWindow { get; set; } = 5;

    /// <summary>Time limit of one HTTP attempt (until the response headers arrive).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Overall time one call may spend on attempts and retry waits before it fails as transient.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt (429, 5xx, timeouts, network faults).</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First back-off delay; doubled per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay between two attempts (not applied to an explicit <c>Retry-After</c>).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait after a 429 without a usable <c>Retry-After</c> header.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Renew the access token when its JWT <c>exp</c> is closer than this (the official client uses 5 minutes).</summary>
    public TimeSpan TokenRenewalMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Largest JSON answer accepted from the API (login, tables, schema, job, object URLs): 64 MiB, far above a
    /// real one (a job listing thousands of objects is a few MB). Object downloads are streamed and not limited by it.
    /// </summary>
    public long MaxJsonResponseBytes { get; set; } = 64L << 20;

    /// <summary>Throws a clear error naming the setting when the options cannot work.</summary>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("DapClientOptions.BaseUrl must be an absolute URL (DAP_API_URL).", nameof(BaseUrl));
        }

        EnsureSecureTransport(BaseUrl, "DapClientOptions.BaseUrl (DAP_API_URL)");
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException("DapClientOptions.ClientId (DAP_CLIENT_ID) is required.", nameof(ClientId));
        }

        if (string.IsNullOrEmpty(ClientSecret))
        {
            throw new ArgumentException("DapClientOptions.ClientSecret (DAP_CLIENT_SECRET) is required.", nameof(ClientSecret));
        }

        RequirePositive(PacingWindow, nameof(PacingWindow));
        RequirePositive(AttemptTimeout, nameof(AttemptTimeout));
        RequirePositive(RetryBudget, nameof(RetryBudget));
        RequirePositive(RetryBaseDelay, nameof(RetryBaseDelay));
        if (JobCreationsPerWindow < 1 || TableListingsPerWindow < 1)
        {
            throw new ArgumentException("DapClientOptions.JobCreationsPerWindow and TableListingsPerWindow must be at least 1.");
        }

        if (MaxJsonResponseBytes < 1024 || MaxJsonResponseBytes > int.MaxValue)
        {
            throw new ArgumentException("DapClientOptions.MaxJsonResponseBytes must be between 1 KiB and 2 GiB.", nameof(MaxJsonResponseBytes));
        }

        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentException("DapClientOptions.MaxRetryAttempts must not be negative.", nameof(MaxRetryAttempts));
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"DapClientOptions {{ BaseUrl = {BaseUrl}, ClientId = {ClientId}, ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(empty)" : "***")}, Pacing = {Pacing} }}");

    /// <summary>HTTPS, or HTTP only towards a loopback host; anything else would send credentials or data in clear text.</summary>
    internal static void EnsureSecureTransport(Uri url, string setting)
    {
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url))
        {
            return;
        }

        throw new ArgumentException(
            $"{setting} must use https:// (plain http:// is allowed only for 127.0.0.1, ::1 or localhost); got {url.Scheme}://{url.Host}.");
    }

    private static bool IsLoopback(Uri url) =>
        url.IdnHost is "127.0.0.1" or "[::1]" or "::1" || string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DapClientOptions.{name} must be positive.", name);
        }
    }

    internal DapClientOptions Clone() => (DapClientOptions)MemberwiseClone();
}
