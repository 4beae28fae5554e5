using System.Text.Json;

namespace CanvasData2.Dap.Http;

/// <summary>Reads a successful response as JSON; anything else is a protocol error naming the operation.</summary>
internal static class DapJsonResponse
{
    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new DapException(
                DapErrorKind.Protocol,
                $"DAP {operation} answered HTTP {(int)response.StatusCode} with a body that is not JSON ({mediaType}).",
                (int)response.StatusCode,
                innerException: ex);
        }
    }

    public static DapException Malformed(string operation, string what) =>
        new(DapErrorKind.Protocol, $"DAP {operation} answered with an unexpected shape: {what}.");
}
