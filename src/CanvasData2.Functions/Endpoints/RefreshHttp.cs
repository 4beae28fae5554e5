using System.Net;
using System.Text.Json;
using CanvasData2.Functions.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// <c>POST /api/refresh</c> (optional body <see cref="RefreshBody"/>): 202 with check-status links, 409 while a
/// refresh runs, 400 naming the problem when the body is malformed or has an unknown member (see
/// <see cref="RefreshBodyReader"/>). <c>GET /api/refresh/{id}</c>: state and progress.
/// <c>GET /api/refresh/{id}/summary</c>: the <see cref="Orchestration.RunSummary"/> once complete (202 before).
/// </summary>
public static class RefreshHttp
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Function("StartRefresh")]
    public static async Task<HttpResponseData> StartRefresh(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "refresh")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (body, error) = RefreshBodyReader.Read(await ReadTextAsync(request, context.CancellationToken).ConfigureAwait(false));
        if (error is not null)
        {
            return await TextAsync(request, HttpStatusCode.BadRequest, error).ConfigureAwait(false);
        }

        var settings = (FunctionSettings)context.InstanceServices.GetService(typeof(FunctionSettings))!;
        if (!await RefreshStarter.TryStartAsync(client, settings.ToRequest(body), context.CancellationToken).ConfigureAwait(false))
        {
            return await TextAsync(request, HttpStatusCode.Conflict, $"A refresh is already running: GET /api/refresh/{RefreshStarter.InstanceId}").ConfigureAwait(false);
        }

        return await client.CreateCheckStatusResponseAsync(request, RefreshStarter.InstanceId, context.CancellationToken).ConfigureAwait(false);
    }

    [Function("RefreshStatus")]
    public static async Task<HttpResponseData> RefreshStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "refresh/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, context.CancellationToken).ConfigureAwait(false);
        return metadata is null
            ? await TextAsync(request, HttpStatusCode.NotFound, $"No refresh '{id}'.").ConfigureAwait(false)
            : await JsonAsync(request, HttpStatusCode.OK, RunStatusView.From(metadata)).ConfigureAwait(false);
    }

    [Function("RefreshSummary")]
    public static async Task<HttpResponseData> RefreshSummary(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "refresh/{id}/summary")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, context.CancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return await TextAsync(request, HttpStatusCode.NotFound, $"No refresh '{id}'.").ConfigureAwait(false);
        }

        var view = RunStatusView.From(metadata);
        return view.Summary is { } summary
            ? await JsonAsync(request, HttpStatusCode.OK, summary).ConfigureAwait(false)
            : await JsonAsync(request, HttpStatusCode.Accepted, view).ConfigureAwait(false);
    }

    private static async Task<string> ReadTextAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T value)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(JsonSerializer.Serialize(value, Web)).ConfigureAwait(false);
        return response;
    }

    private static async Task<HttpResponseData> TextAsync(HttpRequestData request, HttpStatusCode status, string message)
    {
        var response = request.CreateResponse(status);
        await response.WriteStringAsync(message).ConfigureAwait(false);
        return response;
    }
}
