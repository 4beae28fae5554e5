namespace CanvasData2.Dap.Http;

/// <summary>Per-request markers read by the resilience pipeline.</summary>
internal static class DapRequestOptions
{
    /// <summary>The login request: never retried on a 4xx (a wrong secret stays wrong, and retries could lock the account).</summary>
    public static readonly HttpRequestOptionsKey<bool> IsLogin = new("CanvasData2.Dap.IsLogin");

    public static bool IsLoginRequest(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(IsLogin, out var value) && value;
}
