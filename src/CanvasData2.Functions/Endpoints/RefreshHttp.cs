using System.Net;
using CanvasData2.Functions.Configuration;
using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// <c>POST /api/refresh</c> (optional body <see cref="RefreshBody"/>) starts a run <c>cd2-refresh-…-manual</c>:
/// 202 with this app's status and summary links (<see cref="RunLinks"/>); 409 with the running id while a run is in flight, also when this start loses a
/// race (<see cref="RefreshStarter"/>); 400 naming the problem when the body is malformed or has an unknown
/// member (<see cref="RefreshBodyReader"/>). Every answer is JSON.
/// </summary>
public sealed class RefreshHttp(FunctionSettings settings, TimeProvider clock)
{
    [Function("StartRefresh")]
    public async Task<HttpResponseData> StartRefresh(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "refresh")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (body, error) = RefreshBodyReader.Read(await ReadTextAsync(request, context.CancellationToken).ConfigureAwait(false));
        if (error is not null)
        {
            return await request.ErrorAsync(HttpStatusCode.BadRequest, error).ConfigureAwait(false);
        }

        var id = RefreshRunId.At(clock.GetUtcNow(), RefreshTrigger.Manual);
        var start = await RefreshStarter.TryStartAsync(client, settings.ToRequest(body), id, context.CancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            return await request.ErrorAsync(
                HttpStatusCode.Conflict, $"A refresh is already running: GET /api/refresh/{start.RunId}", start.RunId).ConfigureAwait(false);
        }

        var links = RunLinks.For(request.Url, start.RunId);
        var response = await request.JsonAsync(HttpStatusCode.Accepted, links).ConfigureAwait(false);
        response.Headers.Add("Location", links.StatusQueryGetUri.ToString());
        return response;
    }

    private static async Task<string> ReadTextAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
