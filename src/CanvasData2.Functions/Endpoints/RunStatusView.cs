using System.Text.Json;
using CanvasData2.Orchestration;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>What <c>GET /api/refresh/{id}</c> returns: state, progress while running, the summary once done.</summary>
public sealed record RunStatusView(
    string InstanceId,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RefreshProgress? Progress,
    RunSummary? Summary,
    string? Failure)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    internal static RunStatusView From(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        metadata.RuntimeStatus.ToString(),
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        Read<RefreshProgress>(metadata.SerializedCustomStatus),
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? Read<RunSummary>(metadata.SerializedOutput) : null,
        metadata.FailureDetails?.ErrorMessage);

    private static T? Read<T>(string? json) where T : class
        => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Web);
}
