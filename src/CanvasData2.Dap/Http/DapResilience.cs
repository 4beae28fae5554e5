using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace CanvasData2.Dap.Http;

/// <summary>
/// The one resilience pipeline of both named clients: an overall budget, jittered exponential retries of
/// transient faults (429 honouring <c>Retry-After</c>, 408, 5xx, network faults, attempt timeouts), and a
/// per-attempt timeout. Every DAP request is retried, POSTs included, on purpose: an identical job creation
/// returns the live job and an object-URL request only mints URLs, so both are idempotent. The login is the
/// exception: it is never retried on a 4xx.
/// </summary>
internal static partial class DapResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, DapClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        pipeline
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "DapRetryBudget", Timeout = options.RetryBudget })
            .AddRetry(new HttpRetryStrategyOptions
            {
                Name = "DapRetry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldRetryAfterHeader = false, // RetryAfter below also supplies the 30 s default DAP asks for
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.DefaultRetryAfter, timeProvider)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    LogRetrying(
                        logger,
                        request?.Method.Method ?? "?",
                        request?.RequestUri is { } uri ? DapUrls.ForLog(uri) : "?",
                        args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "?",
                        args.AttemptNumber + 1,
                        args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "DapAttemptTimeout", Timeout = options.AttemptTimeout });
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && DapRequestOptions.IsLoginRequest(response.RequestMessage))
        {
            return false;
        }

        return status is 408 or 429 or >= 500;
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or HTTP date) for 429/503; the DAP default for a bare 429; else the back-off.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan defaultRetryAfter, TimeProvider timeProvider)
    {
        if (response is null || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return response.StatusCode == HttpStatusCode.TooManyRequests ? defaultRetryAfter : null;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "DAP {Method} {Url} failed ({Outcome}); retry {Retry} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string method, string url, string outcome, int retry, TimeSpan delay);
}
