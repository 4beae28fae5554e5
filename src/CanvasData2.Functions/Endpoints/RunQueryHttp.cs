using System.Net;
using CanvasData2.Functions.Configuration;
using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// Run history over HTTP. <c>GET /api/refresh</c>: the runs of the retention window, newest first (at most
/// <see cref="ListLimit"/>). <c>GET /api/refresh/{id}</c>: state and progress. <c>GET /api/refresh/{id}/summary</c>:
/// the <see cref="RunSummary"/> once complete (202 with the state before). An id that is not a refresh run
/// (a table sub-orchestration, anything else in the task hub) is refused with 400.
/// </summary>
public sealed class RunQueryHttp(FunctionSettings settings, TimeProvider clock)
{
    public const int ListLimit = 100;

    [Function("ListRefreshes")]
    public async Task<HttpResponseData> ListRefreshes(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "refresh")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var since = clock.GetUtcNow().AddDays(-settings.HistoryRetentionDays);
        var runs = await RunHistory.RecentAsync(client, since, ListLimit, context.CancellationToken).ConfigureAwait(false);
        return await request.JsonAsync(HttpStatusCode.OK, runs.Select(RunListItem.From).ToList()).ConfigureAwait(false);
    }

    [Function("RefreshStatus")]
    public static async Task<HttpResponseData> RefreshStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "refresh/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (metadata, refusal) = await FindAsync(request, id, client, context.CancellationToken).ConfigureAwait(false);
        return refusal ?? await request.JsonAsync(HttpStatusCode.OK, RunStatusView.From(metadata!)).ConfigureAwait(false);
    }

    [Function("RefreshSummary")]
    public static async Task<HttpResponseData> RefreshSummary(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "refresh/{id}/summary")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (metadata, refusal) = await FindAsync(request, id, client, context.CancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = RunStatusView.From(metadata!);
        return view.Summary is { } summary
            ? await request.JsonAsync(HttpStatusCode.OK, summary).ConfigureAwait(false)
            : await request.JsonAsync(HttpStatusCode.Accepted, view).ConfigureAwait(false);
    }

    /// <summary>The run, or the answer refusing the id (400: not a run id; 404: no such run).</summary>
    private static async Task<(OrchestrationMetadata? Run, HttpResponseData? Refusal)> FindAsync(
        HttpRequestData request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!RefreshRunId.TryParse(id, out _))
        {
            return (null, await request.ErrorAsync(
                HttpStatusCode.BadRequest, $"'{id}' is not a refresh run id (cd2-refresh-<yyyyMMddTHHmmssZ>-<timer|manual|cli>).").ConfigureAwait(false));
        }

        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is null
            ? (null, await request.ErrorAsync(HttpStatusCode.NotFound, $"No refresh run '{id}'.", id).ConfigureAwait(false))
            : (metadata, null);
    }
}
