using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace CanvasData2.Dap.Http;

/// <summary>Reads a successful response as JSON; anything else is a protocol error naming the operation.</summary>
internal static class DapJsonResponse
{
    /// <summary>
    /// The body as a JSON document. More than <paramref name="maxBytes"/> (by Content-Length or as read) is a
    /// protocol error: a runaway or hostile answer must not grow the process without bound.
    /// </summary>
    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string operation, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(operation, maxBytes);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var body = await ReadBoundedAsync(stream, operation, maxBytes, cancellationToken).ConfigureAwait(false);
                return JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
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

    private static async Task<MemoryStream> ReadBoundedAsync(Stream stream, string operation, long maxBytes, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    throw TooLarge(operation, maxBytes);
                }

                body.Write(chunk, 0, read);
            }
            return body;
        }
        catch
        {
            await body.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static DapException TooLarge(string operation, long maxBytes) => new(
        DapErrorKind.Protocol,
        string.Create(CultureInfo.InvariantCulture, $"DAP {operation} answered with more than {maxBytes} bytes of JSON (DapClientOptions.MaxJsonResponseBytes); refused."));
}
