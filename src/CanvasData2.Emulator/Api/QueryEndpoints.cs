using System.Text.Json;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Hosting;
using CanvasData2.Emulator.Jobs;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Api;

/// <summary>List tables, get a schema, start a query, get a job.</summary>
internal static class QueryEndpoints
{
    public static void MapQuery(this IEndpointRouteBuilder dap, EmulatorServices services)
    {
        var state = services.State;
        dap.MapGet("/query/{ns}/table", (HttpContext context, string ns) =>
            Limited(context, services, "list-tables") ?? (state.TablesOf(ns) is { } tables
                ? ApiErrors.Json(new JsonObject { ["tables"] = new JsonArray([.. tables.Select(t => (JsonNode)t)]) })
                : ApiErrors.NotFound("namespace", ns, $"Namespace '{ns}' does not exist.")));

        dap.MapGet("/query/{ns}/table/{table}/schema", (HttpContext context, string ns, string table) =>
            Limited(context, services, "get-schema") ?? state.WithTable(ns, table, (t, step) =>
            {
                var version = t.VersionAt(step);
                return ApiErrors.Json(new JsonObject { ["schema"] = version.Schema.DeepClone(), ["version"] = version.Version });
            }) ?? Missing(state, ns, table));

        dap.MapPost("/query/{ns}/table/{table}/data", async (HttpContext context, string ns, string table) =>
        {
            if (Limited(context, services, "create-job") is { } limited)
            {
                return limited;
            }

            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return ApiErrors.Validation("body", "The request body is not valid JSON.");
            }

            var (request, invalid) = QueryBody.Parse(body);
            if (invalid is not null)
            {
                return invalid;
            }

            var failure = FaultMiddleware.Has(context, FaultKind.FailedJob) ? "Injected job failure." : null;
            return state.WithTable(ns, table, (t, step) => StartJob(services, t, step, request!, failure)) ?? Missing(state, ns, table);
        });

        dap.MapGet("/job/{id}", (HttpContext context, string id) =>
            Limited(context, services, "get-job") ?? (services.Jobs.Find(id) is { } job
                ? JobResult(job, services.Time.GetUtcNow())
                : ApiErrors.NotFound("job", id, $"Job '{id}' does not exist or has expired.")));
    }

    private static IResult StartJob(EmulatorServices services, EmulatedTable table, int step, QueryBody request, string? failure)
    {
        var state = services.State;
        var now = state.StepTime(step);
        if (request.Since is { } since)
        {
            if (table.SnapshotRequiredBefore is { } required && since < required)
            {
                return ApiErrors.Error(StatusCodes.Status400BadRequest, "SnapshotRequired",
                    $"Table '{table.QualifiedName}' was reloaded: a new snapshot is required.", new JsonObject { ["since"] = ValueText.Timestamp(since) });
            }

            if (since > now)
            {
                return ApiErrors.Error(StatusCodes.Status400BadRequest, "OutOfRange", "No data in the requested range: since is in the future.",
                    new JsonObject { ["since"] = ValueText.Timestamp(since), ["until"] = ValueText.Timestamp(now) });
            }
        }

        var untilStep = request.Until is { } until ? Math.Min(step, state.StepAtOrBefore(until)) : step;
        if (untilStep < 0)
        {
            return ApiErrors.Validation("body.until", "until is before the first data of this table.");
        }

        var version = table.VersionAt(untilStep);
        var key = string.Join('|', table.QualifiedName, request.Format, request.Mode, request.Since?.UtcTicks, untilStep, version.Version,
            table.Versions.Count, failure is null);
        var time = services.Time.GetUtcNow();
        var versions = table.Versions.ToArray();
        var job = services.Jobs.GetOrCreate(key, (id, directory) => new Job
        {
            Id = id,
            QueryKey = key,
            CreatedAt = time,
            ExpiresAt = time + state.Options.JobLifetime,
            Delay = state.Options.JobDelay,
            Directory = directory,
            Since = request.Since,
            Until = state.StepTime(untilStep),
            InjectedFailure = failure,
            Spec = new JobSpec(table.Namespace, table.Name, request.Format, versions, version,
                new RowTimeline(StableHash.Combine((ulong)state.Options.Seed, StableHash.Of(table.QualifiedName)), table.Rows),
                untilStep, request.Since is { } s ? state.StepAtOrBefore(s) : null, state.Options.RowsPerObject, state.StepTime,
                state.Options.WindowedNamespaces.Contains(table.Namespace) ? state.StepAtOrBefore(state.StepTime(untilStep) - state.Options.SnapshotWindow) + 1 : 0,
                state.Options.RepeatedKeyShare),
        });
        return JobResult(job, time);
    }

    private static IResult JobResult(Job job, DateTimeOffset now)
    {
        var json = job.ToJson(now);
        var inProgress = json["status"]!.GetValue<string>() is "waiting" or "running";
        return ApiErrors.Json(json, inProgress ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static IResult Missing(EmulatorState state, string ns, string table) => state.HasNamespace(ns)
        ? ApiErrors.NotFound("table", table, $"Table '{ns}.{table}' does not exist.")
        : ApiErrors.NotFound("namespace", ns, $"Namespace '{ns}' does not exist.");

    private static IResult? Limited(HttpContext context, EmulatorServices services, string endpoint) =>
        services.Limits.Take(endpoint) is { } wait
            ? FaultMiddleware.TooManyRequests(context, Math.Max(1, wait))
            : null;
}
