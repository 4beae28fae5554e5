using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CanvasData2.Dap.Http;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Dap;

public sealed partial class DapClient
{
    /// <summary>
    /// One authenticated API call: bearer token (renewed when near expiry), the resilience pipeline, one token
    /// renewal and retry after a 401, then a typed error or the JSON body.
    /// </summary>
    private async Task<JsonDocument> SendJsonAsync(
        HttpMethod method, string path, Func<HttpContent>? content, string operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var client = _httpClientFactory.CreateClient(DapHttpClientNames.Api);
        for (var renewed = false; ; renewed = true)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, DapUrls.Resolve(_options.BaseUrl, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            request.Content = content?.Invoke();
            using var response = await DapTransport.SendAsync(client, request, operation, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed)
            {
                LogTokenRejected(_logger, operation);
                _tokens.Invalidate(token);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                var error = await DapErrorMapper.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
                LogCallFailed(_logger, operation, error.StatusCode, error.Error?.Type, error.Error?.Uuid);
                throw error;
            }
            return await DapJsonResponse.ReadAsync(response, operation, _options.MaxJsonResponseBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "DAP rejected the access token during {Operation}; renewing it once")]
    private static partial void LogTokenRejected(ILogger logger, string operation);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "DAP {Operation} failed with HTTP {Status} (type {ErrorType}, uuid {ErrorUuid})")]
    private static partial void LogCallFailed(ILogger logger, string operation, int? status, string? errorType, string? errorUuid);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Pre-signed URL for DAP object {ObjectId} answered HTTP {Status}; resolving a fresh URL once")]
    private static partial void LogUrlRefresh(ILogger logger, string objectId, int status);
}
