using Polly.Timeout;

namespace CanvasData2.Dap.Http;

/// <summary>Sends through the resilience pipeline and turns what is left after retries into <see cref="DapException"/>.</summary>
internal static class DapTransport
{
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string operation, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new DapException(
                DapErrorKind.Transient,
                $"DAP {operation} timed out after retries (DapClientOptions.AttemptTimeout {ex.Timeout}, RetryBudget bounds the whole call).",
                innerException: ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new DapException(DapErrorKind.Transient, $"DAP {operation} timed out.", innerException: ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // The API client buffers at most DapClientOptions.MaxJsonResponseBytes: a bigger answer is not DAP's.
            throw new DapException(
                DapErrorKind.Protocol,
                $"DAP {operation} answered with more bytes than DapClientOptions.MaxJsonResponseBytes allows; refused.",
                innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DapException(DapErrorKind.Transient, $"DAP {operation} failed after retries: {ex.Message}", innerException: ex);
        }
    }
}
