namespace CanvasData2.Dap.Http;

/// <summary>Builds API URLs under the base URL (which may carry a path prefix), escaping every caller-given segment.</summary>
internal static class DapUrls
{
    public static Uri Resolve(Uri baseUrl, string relativePath) =>
        new(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + relativePath, UriKind.Absolute);

    public static string Segment(string value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The DAP {name} must not be empty.", name);
        }

        return Uri.EscapeDataString(value);
    }

    /// <summary>Scheme, host and path only: pre-signed URLs carry their signature in the query, which must not reach logs.</summary>
    public static string ForLog(Uri url) => url.GetLeftPart(UriPartial.Path);
}
