namespace CanvasData2.Dap.Download;

/// <summary>Opens a download body as the object's content: gunzipped and verified when it is gzip (tsv, csv, jsonl), raw otherwise (parquet).</summary>
internal static class ObjectStreams
{
    public static async Task<Stream> OpenAsync(HttpResponseMessage response, string objectId, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var peeked = new byte[2];
        var count = 0;
        while (count < peeked.Length)
        {
            var read = await body.ReadAsync(peeked.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
        }
        var raw = new DownloadBodyStream(body, peeked.AsMemory(0, count), response, objectId);
        var isGzip = count == 2 && peeked[0] == 0x1f && peeked[1] == 0x8b;
        return isGzip ? new VerifiedGzipStream(raw, objectId) : raw;
    }
}
