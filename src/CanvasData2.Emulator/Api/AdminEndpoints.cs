using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Hosting;

namespace CanvasData2.Emulator.Api;

/// <summary>`/_emulator/...`: the in-process admin API over HTTP, for tests and demos in other processes.</summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions FaultJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static void MapAdmin(this IEndpointRouteBuilder app, EmulatorServer server)
    {
        var admin = app.MapGroup("/_emulator");
        admin.MapGet("/now", () => Now(server));
        admin.MapPost("/advance", (int? steps) =>
        {
            server.AdvanceTime(steps ?? 1);
            return Now(server);
        });
        admin.MapPost("/tables/{ns}/{table}/bump-schema", (string ns, string table) =>
            Guarded(() => ApiErrors.Json(new JsonObject { ["version"] = server.BumpSchema(ns, table) })));
        admin.MapPost("/tables/{ns}/{table}/require-snapshot", (string ns, string table) =>
            Guarded(() =>
            {
                server.RequireSnapshot(ns, table);
                return Results.NoContent();
            }));
        admin.MapPut("/tables/{ns}/{table}", async (HttpContext context, string ns, string table, long? rows) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var schema = (body?["schema"] ?? body) as JsonObject;
            return schema is null
                ? ApiErrors.Validation("body", "The body must be a table schema or {\"schema\": ...}.")
                : Guarded(() =>
                {
                    server.AddTable(ns, table, schema.DeepClone().AsObject(), rows);
                    return Results.NoContent();
                });
        });
        admin.MapDelete("/tables/{ns}/{table}", (string ns, string table) =>
            server.RemoveTable(ns, table) ? Results.NoContent() : ApiErrors.NotFound("table", table, $"Table '{ns}.{table}' does not exist."));
        admin.MapPost("/faults", async (HttpContext context) =>
        {
            var rule = await JsonSerializer.DeserializeAsync<FaultRule>(context.Request.Body, FaultJson, context.RequestAborted).ConfigureAwait(false);
            return rule is null ? ApiErrors.Validation("body", "A fault rule is required.") : Guarded(() =>
            {
                server.AddFault(rule);
                return Results.NoContent();
            });
        });
        admin.MapDelete("/faults", () =>
        {
            server.ClearFaults();
            return Results.NoContent();
        });
    }

    private static IResult Now(EmulatorServer server) =>
        ApiErrors.Json(new JsonObject { ["step"] = server.Step, ["now"] = ValueText.Timestamp(server.Now) });

    private static IResult Guarded(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            return ApiErrors.Error(StatusCodes.Status404NotFound, "ObjectNotFound", e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return ApiErrors.Validation("body", e.Message);
        }
    }
}
