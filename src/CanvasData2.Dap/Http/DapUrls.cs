namespace CanvasData2.Dap.Http;

/// <summary>Builds API URLs under the base URL (which may carry a path prefix), escaping every caller-given segment.</summary>
internal static class DapUrls
{
    public static Uri Resolve(Uri baseUrl, string relativePath) =>
        new(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + relativePath, UriKind.Absolute);

    /// <summary>A namespace or table name as a path segment: checked against <see cref="DapNames.NamePattern"/> first.</summary>
    public static string Name(string value, string what) => Uri.EscapeDataString(DapNames.Check(value, what));

    /// <summary>A job id as a path segment: checked against <see cref="DapNames.JobIdPattern"/> first.</summary>
    public static string JobId(string value) => Uri.EscapeDataString(DapNames.CheckJobId(value));

    /// <summary>Scheme, host and path only: pre-signed URLs carry their signature in the query, which must not reach logs.</summary>
    public static string ForLog(Uri url) => url.GetLeftPart(UriPartial.Path);
}
