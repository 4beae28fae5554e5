namespace CanvasData2.Dap.Http;

/// <summary>Named clients of <see cref="IHttpClientFactory"/>: one for the API, one (no auth header ever) for pre-signed downloads.</summary>
internal static class DapHttpClientNames
{
    public const string Api = "CanvasData2.Dap.Api";
    public const string Download = "CanvasData2.Dap.Download";
}
