using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CanvasData2.Dap.Http;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap.Auth;

/// <summary>
/// Client-credentials tokens from <c>POST {base}/ids/auth/login</c>, cached and renewed when the JWT's
/// <c>exp</c> is closer than <see cref="DapClientOptions.TokenRenewalMargin"/> (falls back to <c>expires_in</c>).
/// One login at a time, however many callers need a token.
/// </summary>
internal sealed partial class DapTokenProvider(
    IHttpClientFactory httpClientFactory, DapClientOptions options, TimeProvider timeProvider, ILogger<DapTokenProvider> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _current;

    public async ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        var token = Volatile.Read(ref _current);
        if (token is not null && !token.NeedsRenewal(timeProvider.GetUtcNow(), options.TokenRenewalMargin))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = _current;
            if (token is not null && !token.NeedsRenewal(timeProvider.GetUtcNow(), options.TokenRenewalMargin))
            {
                return token;
            }

            token = await LoginAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> after a 401, unless another caller already replaced it.</summary>
    public void Invalidate(AccessToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    private async Task<AccessToken> LoginAsync(CancellationToken cancellationToken)
    {
        LogLoggingIn(logger, options.ClientId);
        using var request = new HttpRequestMessage(HttpMethod.Post, DapUrls.Resolve(options.BaseUrl, "ids/auth/login"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}")));
        request.Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
        request.Options.Set(DapRequestOptions.IsLogin, true);

        var client = httpClientFactory.CreateClient(DapHttpClientNames.Api);
        using var response = await DapTransport.SendAsync(client, request, "login", HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw DapErrorMapper.ForLogin(await DapErrorMapper.FromResponseAsync(response, "login", cancellationToken).ConfigureAwait(false));
        }

        using var document = await DapJsonResponse.ReadAsync(response, "login", options.MaxJsonResponseBytes, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var value = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(value))
        {
            throw new DapException(DapErrorKind.Protocol, "DAP login answered without an access_token.", (int)response.StatusCode);
        }

        var expiresAt = JwtExpiry.TryRead(value) ?? ExpiresIn(root) ?? timeProvider.GetUtcNow().AddMinutes(10);
        LogLoggedIn(logger, expiresAt);
        return new AccessToken(value, expiresAt);
    }

    private DateTimeOffset? ExpiresIn(JsonElement root) =>
        root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds)
            ? timeProvider.GetUtcNow().AddSeconds(seconds)
            : null;

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Requesting a DAP access token for client {ClientId}")]
    private static partial void LogLoggingIn(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "DAP access token obtained, valid until {ExpiresAt:O}")]
    private static partial void LogLoggedIn(ILogger logger, DateTimeOffset expiresAt);
}
