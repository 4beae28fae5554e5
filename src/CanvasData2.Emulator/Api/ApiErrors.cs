using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Api;

/// <summary>DAP error bodies: `{"error": {"type", "uuid", "message", ...}}`.</summary>
internal static class ApiErrors
{
    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(), "application/json", statusCode: status);

    public static IResult Error(int status, string type, string message, JsonObject? extra = null)
    {
        var error = new JsonObject { ["type"] = type, ["uuid"] = Guid.NewGuid().ToString(), ["message"] = message };
        foreach (var (name, value) in extra ?? [])
        {
            error[name] = value?.DeepClone();
        }

        return Json(new JsonObject { ["error"] = error }, status);
    }

    public static IResult Validation(string location, string message) =>
        Error(StatusCodes.Status400BadRequest, "ValidationError", message, new JsonObject { ["location"] = location });

    public static IResult NotFound(string kind, string id, string message) =>
        Error(StatusCodes.Status404NotFound, "ObjectNotFound", message, new JsonObject { ["id"] = id, ["kind"] = kind });

    public static IResult Unauthorized(string message) =>
        Error(StatusCodes.Status401Unauthorized, "AuthenticationError", message);

    public static IResult GatewayTimeout() =>
        Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "Endpoint request timed out" } }, StatusCodes.Status504GatewayTimeout);
}
