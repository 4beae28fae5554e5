using System.Text.Json;
using CanvasData2.Orchestration;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>What <c>GET /api/refresh/{id}</c> returns: state, progress while running, the summary once done.</summary>
public sealed record RunStatusView(
    string InstanceId,
    string Trigger,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RefreshProgress? Progress,
    RunSummary? Summary,
    string? Failure)
{
    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    internal static RunStatusView From(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        RefreshRunId.TryParse(metadata.InstanceId, out var id) ? id.TriggerName : "unknown",
        metadata.RuntimeStatus.ToString(),
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        Read<RefreshProgress>(metadata.SerializedCustomStatus),
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? Read<RunSummary>(metadata.SerializedOutput) : null,
        metadata.FailureDetails?.ErrorMessage);

    private static T? Read<T>(string? json) where T : class
        => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Web);
}

/// <summary>
/// One run in <c>GET /api/refresh</c>. <see cref="TablesDone"/> counts finished tables (failed ones included),
/// from the summary once complete, else from the progress; <see cref="FinishedAt"/> is set once the run ended.
/// </summary>
public sealed record RunListItem(
    string Id,
    string Trigger,
    string RuntimeStatus,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int? TablesTotal,
    int TablesDone,
    int TablesFailed)
{
    internal static RunListItem From(OrchestrationMetadata metadata)
    {
        var view = RunStatusView.From(metadata);
        var finished = metadata.IsCompleted ? metadata.LastUpdatedAt : (DateTimeOffset?)null;
        return view switch
        {
            { Summary: { } summary } => new(view.InstanceId, view.Trigger, view.RuntimeStatus, view.CreatedAt, finished, summary.Tables.Count, summary.Tables.Count, summary.Failed),
            { Progress: { } progress } => new(view.InstanceId, view.Trigger, view.RuntimeStatus, view.CreatedAt, finished, progress.Total, progress.Done, progress.Failed),
            _ => new(view.InstanceId, view.Trigger, view.RuntimeStatus, view.CreatedAt, finished, null, 0, 0),
        };
    }
}

/// <summary>The body of every refusal and error: what went wrong, and the run it concerns (the running one for a 409).</summary>
public sealed record ErrorView(string Error, string? RunId = null);

/// <summary>
/// What <c>POST /api/refresh</c> answers with 202: this app's own links, reached with the caller's function key.
/// Durable's check-status links would carry the extension's system key, which can terminate, purge or raise
/// events on any instance.
/// </summary>
public sealed record RunLinks(string Id, Uri StatusQueryGetUri, Uri SummaryGetUri)
{
    internal static RunLinks For(Uri requestUrl, string runId)
    {
        var status = new Uri(requestUrl, $"/api/refresh/{Uri.EscapeDataString(runId)}");
        return new RunLinks(runId, status, new Uri(status + "/summary"));
    }
}
