using System.Net;
using System.Text.Json;
using CanvasData2.Dap.Download;
using CanvasData2.Dap.Http;
using CanvasData2.Dap.Json;

namespace CanvasData2.Dap;

public sealed partial class DapClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Uri>> GetObjectUrlsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objectIds);
        if (objectIds.Count == 0)
        {
            return new Dictionary<string, Uri>();
        }

        var operation = objectIds.Count == 1 ? $"resolve URL of object '{objectIds[0]}'" : $"resolve URLs of {objectIds.Count} objects";
        using var document = await SendJsonAsync(HttpMethod.Post, "dap/object/url", () => DapRequestBodies.ObjectIds(objectIds), operation, cancellationToken)
            .ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Object)
        {
            throw DapJsonResponse.Malformed(operation, "no 'urls' object");
        }

        var result = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var entry in urls.EnumerateObject())
        {
            var text = entry.Value.ValueKind == JsonValueKind.Object ? DapJobParser.RequiredString(entry.Value, "url", operation) : null;
            if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out var url))
            {
                throw DapJsonResponse.Malformed(operation, $"no absolute 'url' for object '{entry.Name}'");
            }

            result[entry.Name] = url;
        }
        return result;
    }

    /// <inheritdoc />
    public async Task<Stream> OpenObjectAsync(string objectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var client = _httpClientFactory.CreateClient(DapHttpClientNames.Download);
        var operation = $"download of object '{objectId}'";
        for (var refreshed = false; ; refreshed = true)
        {
            // A fresh URL for every attempt: pre-signed URLs last minutes, and a 403/404 usually means it expired.
            var urls = await GetObjectUrlsAsync([objectId], cancellationToken).ConfigureAwait(false);
            if (!urls.TryGetValue(objectId, out var url))
            {
                throw DapJsonResponse.Malformed($"resolve URL of object '{objectId}'", "the answer does not name the object asked for");
            }

            EnsureDownloadUrlIsSecure(url, objectId);

            // No Authorization header: the URL carries its own signature and the token must not leak to the object store.
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            HttpResponseMessage response;
            try
            {
                response = await DapTransport.SendAsync(client, request, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                request.Dispose();
            }
            if (response.IsSuccessStatusCode)
            {
                return await OpenBodyAsync(response, objectId, ObjectStreams.ExpectsGzip(url), cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound && !refreshed)
                {
                    LogUrlRefresh(_logger, objectId, status);
                    continue;
                }
                var error = await DapErrorMapper.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
                // The object store says 403 for an expired signature: that means "query again", not "account forbidden".
                throw error.Kind == DapErrorKind.Forbidden
                    ? new DapException(DapErrorKind.NotFound, error.Message + " (pre-signed URL refused twice; the object or job has probably expired)", status, error.Error)
                    : error;
            }
        }
    }

    private static async Task<Stream> OpenBodyAsync(HttpResponseMessage response, string objectId, bool expectGzip, CancellationToken cancellationToken)
    {
        try
        {
            return await ObjectStreams.OpenAsync(response, objectId, expectGzip, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static void EnsureDownloadUrlIsSecure(Uri url, string objectId)
    {
        try
        {
            DapClientOptions.EnsureSecureTransport(url, $"The pre-signed URL of object '{objectId}'");
        }
        catch (ArgumentException ex)
        {
            throw new DapException(DapErrorKind.Protocol, ex.Message, innerException: ex);
        }
    }
}
