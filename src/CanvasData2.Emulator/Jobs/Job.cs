using System.Text.Json.Nodes;
using CanvasData2.Emulator.Data;

namespace CanvasData2.Emulator.Jobs;

/// <summary>A query job: waiting for the first half of the delay, running until the delay passed and its objects exist.</summary>
internal sealed class Job
{
    public required string Id { get; init; }

    public required string QueryKey { get; init; }

    public required JobSpec Spec { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required TimeSpan Delay { get; init; }

    public required string Directory { get; init; }

    /// <summary>The emulated time of the data (`at` of a snapshot, `until` of an incremental).</summary>
    public required DateTimeOffset Until { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Set when a fault makes this job fail.</summary>
    public string? InjectedFailure { get; init; }

    public Task<IReadOnlyList<string>>? Generation { get; set; }

    public string Status(DateTimeOffset now)
    {
        var elapsed = now - CreatedAt;
        if (elapsed < Delay / 2)
        {
            return "waiting";
        }

        if (elapsed < Delay || Generation is not { IsCompleted: true })
        {
            return "running";
        }

        return InjectedFailure is not null || !Generation.IsCompletedSuccessfully ? "failed" : "complete";
    }

    public IReadOnlyList<string> ObjectIds => Generation!.Result.Select(name => $"{Id}/{name}").ToList();

    public JsonObject ToJson(DateTimeOffset now)
    {
        var status = Status(now);
        var json = new JsonObject { ["id"] = Id, ["status"] = status, ["expires_at"] = ValueText.Timestamp(ExpiresAt) };
        if (status == "complete")
        {
            json["objects"] = new JsonArray([.. ObjectIds.Select(id => (JsonNode)new JsonObject { ["id"] = id })]);
            json["schema_version"] = Spec.Target.Version;
            if (Since is { } since)
            {
                json["since"] = ValueText.Timestamp(since);
                json["until"] = ValueText.Timestamp(Until);
            }
            else
            {
                json["at"] = ValueText.Timestamp(Until);
            }
        }
        else if (status == "failed")
        {
            json["error"] = new JsonObject
            {
                ["type"] = "ProcessingError",
                ["uuid"] = Guid.NewGuid().ToString(),
                ["message"] = InjectedFailure ?? $"Generating the data failed: {Generation!.Exception?.GetBaseException().Message}",
            };
        }

        return json;
    }
}
