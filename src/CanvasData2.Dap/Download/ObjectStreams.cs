namespace CanvasData2.Dap.Download;

/// <summary>
/// Opens a download body as the object's content: gunzipped and verified (tsv, csv, jsonl), raw for parquet.
/// Which one is expected comes from the URL (DAP names objects <c>….tsv.gz</c>, <c>….parquet</c>), not from the
/// body: a body that should be gzip and is not (an error page, a proxy's answer) fails like a truncated gzip.
/// </summary>
internal static class ObjectStreams
{
    /// <summary>True unless the URL's path names a raw parquet object.</summary>
    public static bool ExpectsGzip(Uri url) => !url.AbsolutePath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public static async Task<Stream> OpenAsync(HttpResponseMessage response, string objectId, bool expectGzip, CancellationToken cancellationToken)
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
        if (expectGzip && !isGzip)
        {
            await raw.DisposeAsync().ConfigureAwait(false);
            throw VerifiedGzipStream.NotGzip(objectId, count == 0 ? "the body is empty" : $"the body starts with 0x{Convert.ToHexString(peeked, 0, count)}, not the gzip signature 0x1F8B");
        }

        return isGzip ? new VerifiedGzipStream(raw, objectId) : raw;
    }
}
