using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace CanvasData2.Functions.Endpoints;

/// <summary>Every response of the refresh endpoints is JSON with its content type, errors included.</summary>
internal static class JsonResponses
{
    public const string ContentType = "application/json; charset=utf-8";

    public static async Task<HttpResponseData> JsonAsync<T>(this HttpRequestData request, HttpStatusCode status, T value)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", ContentType);
        await response.WriteStringAsync(JsonSerializer.Serialize(value, RunStatusView.Web)).ConfigureAwait(false);
        return response;
    }

    public static Task<HttpResponseData> ErrorAsync(this HttpRequestData request, HttpStatusCode status, string error, string? runId = null)
        => request.JsonAsync(status, new ErrorView(error, runId));
}
