using System.Globalization;
using System.Text.Json;
using CanvasData2.Dap.Http;

namespace CanvasData2.Dap.Json;

/// <summary>
/// Reads a job in any of DAP's four shapes. Tolerant: unknown fields are ignored and the shape follows
/// <c>status</c>; but a complete job without its objects or a failed job without its error is a protocol error.
/// </summary>
internal static class DapJobParser
{
    public static DapJob Parse(JsonElement root, string operation)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw DapJsonResponse.Malformed(operation, "the job is not a JSON object");
        }

        var id = RequiredString(root, "id", operation);
        var status = ParseStatus(RequiredString(root, "status", operation), operation);
        var expiresAt = OptionalTimestamp(root, "expires_at", operation);
        return status switch
        {
            JobStatus.Complete => new DapJob(
                id,
                status,
                expiresAt,
                ObjectIds(root, operation),
                RequiredInt64(root, "schema_version", operation),
                OptionalTimestamp(root, "at", operation),
                OptionalTimestamp(root, "since", operation),
                OptionalTimestamp(root, "until", operation)),
            JobStatus.Failed => new DapJob(id, status, expiresAt, Error: JobError(root, operation)),
            _ => new DapJob(id, status, expiresAt),
        };
    }

    private static JobStatus ParseStatus(string status, string operation) => status switch
    {
        "waiting" => JobStatus.Waiting,
        "running" => JobStatus.Running,
        "complete" => JobStatus.Complete,
        "failed" => JobStatus.Failed,
        _ => throw DapJsonResponse.Malformed(operation, $"unknown job status '{status}'"),
    };

    private static List<string> ObjectIds(JsonElement root, string operation)
    {
        if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
        {
            throw DapJsonResponse.Malformed(operation, "a complete job without an 'objects' array");
        }

        var ids = new List<string>(objects.GetArrayLength());
        foreach (var item in objects.EnumerateArray())
        {
            ids.Add(item.ValueKind == JsonValueKind.Object ? RequiredString(item, "id", operation) : throw DapJsonResponse.Malformed(operation, "an object entry that is not {\"id\": ...}"));
        }

        return ids;
    }

    private static DapError JobError(JsonElement root, string operation)
    {
        if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            throw DapJsonResponse.Malformed(operation, "a failed job without an 'error' object");
        }

        return new DapError(OptionalString(error, "type"), OptionalString(error, "uuid"), OptionalString(error, "message") ?? "");
    }

    internal static string RequiredString(JsonElement element, string name, string operation) =>
        OptionalString(element, name) ?? throw DapJsonResponse.Malformed(operation, $"missing string '{name}'");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long RequiredInt64(JsonElement element, string name, string operation) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw DapJsonResponse.Malformed(operation, $"missing integer '{name}'");

    internal static DateTimeOffset? OptionalTimestamp(JsonElement element, string name, string operation)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }
        throw DapJsonResponse.Malformed(operation, $"'{name}' is not an RFC 3339 timestamp");
    }
}
