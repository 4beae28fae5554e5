using System.Text.Json;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Hosting;
using CanvasData2.Emulator.Jobs;

namespace CanvasData2.Emulator.Api;

/// <summary>`POST /dap/object/url` and the pre-signed download it points to.</summary>
internal static class ObjectEndpoints
{
    public static void MapObjectUrls(this IEndpointRouteBuilder dap, EmulatorServices services)
    {
        dap.MapPost("/object/url", async (HttpContext context) =>
        {
            if (services.Limits.Take("object-urls") is { } wait)
            {
                return FaultMiddleware.TooManyRequests(context, Math.Max(1, wait));
            }

            JsonArray? ids;
            try
            {
                ids = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonArray;
            }
            catch (JsonException)
            {
                ids = null;
            }

            if (ids is null || ids.Count == 0 || ids.Any(i => i is not JsonObject o || o.Count != 1 || o["id"] is not JsonValue))
            {
                return ApiErrors.Validation("body", "The body must be a non-empty array of {\"id\": \"<object id>\"}.");
            }

            var baseUrl = new Uri($"{context.Request.Scheme}://{context.Request.Host}");
            var urls = new JsonObject();
            foreach (var id in ids.Select(i => i!["id"]!.GetValue<string>()))
            {
                if (FindObject(services, id) is null)
                {
                    return ApiErrors.NotFound("object", id, $"Object '{id}' does not exist or has expired.");
                }

                urls[id] = new JsonObject { ["url"] = services.Urls.Sign(baseUrl, id) };
            }

            return ApiErrors.Json(new JsonObject { ["urls"] = urls });
        });
    }

    public static void MapDownloads(this IEndpointRouteBuilder app, EmulatorServices services)
    {
        app.MapGet("/_objects/{jobId}/{part}", async (HttpContext context, string jobId, string part) =>
        {
            var id = $"{jobId}/{part}";
            var query = context.Request.Query;
            switch (services.Urls.Check(id, query["expires"], query["signature"]))
            {
                case UrlCheck.Expired:
                    return ApiErrors.Error(StatusCodes.Status403Forbidden, "AccessDenied", "Request has expired.");
                case UrlCheck.BadSignature:
                    return ApiErrors.Error(StatusCodes.Status403Forbidden, "AccessDenied", "The request signature does not match.");
            }

            if (FindObject(services, id) is not { } path)
            {
                return ApiErrors.NotFound("object", id, $"Object '{id}' does not exist or has expired.");
            }

            if (FaultMiddleware.Has(context, FaultKind.TruncatedBody))
            {
                var bytes = await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false);
                return Results.Bytes(bytes.AsMemory(0, bytes.Length / 2), "binary/octet-stream");
            }

            if (FaultMiddleware.Has(context, FaultKind.NotGzip))
            {
                await using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain, context.RequestAborted).ConfigureAwait(false);
                return Results.Bytes(plain.ToArray(), "binary/octet-stream");
            }

            return Results.File(path, "binary/octet-stream", enableRangeProcessing: false);
        });
    }

    /// <summary>The file of a complete, live job's object; null when the job or the object is unknown or expired.</summary>
    private static string? FindObject(EmulatorServices services, string objectId)
    {
        var slash = objectId.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || services.Jobs.Find(objectId[..slash]) is not { } job ||
            job.Status(services.Time.GetUtcNow()) != "complete")
        {
            return null;
        }

        return job.ObjectIds.Contains(objectId, StringComparer.Ordinal) ? Path.Combine(job.Directory, objectId[(slash + 1)..]) : null;
    }
}
