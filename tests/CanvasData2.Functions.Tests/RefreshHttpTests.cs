using System.Net;
using System.Text.Json;
using CanvasData2.Functions.Endpoints;
using CanvasData2.Functions.Tests.Support;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Tests;

/// <summary>POST /api/refresh: the body narrows the configured refresh; bad bodies and running refreshes are refused.</summary>
public sealed class RefreshHttpTests
{
    private readonly FunctionDoubles _functions = new(("CD2_NAMESPACES", "canvas,canvas_logs"), ("CD2_SKIP_TABLES", "web_logs"), ("CD2_MAX_PARALLEL_TABLES", "3"));

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task Start_refresh_no_body_starts_the_configured_refresh_with202(string body)
    {
        var response = await StartAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.EndsWith($"/api/refresh/{RunId}", Location(response), StringComparison.Ordinal);
        var links = Json(response);
        Assert.Equal(RunId, links.GetProperty("id").GetString());
        Assert.Equal(Location(response), links.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(Location(response) + "/summary", links.GetProperty("summaryGetUri").GetString());
        var started = Assert.Single(_functions.Started());
        Assert.Equal(["canvas", "canvas_logs"], started.Namespaces!);
        Assert.Empty(started.IncludeTables!);
        Assert.Equal(["web_logs"], started.SkipTables!);
        Assert.Equal((3, true, false), (started.MaxParallelTables, started.Pacing, started.Reinit));
    }

    [Fact]
    public async Task Start_refresh_links_carry_no_key_and_no_durable_management_api()
    {
        var response = await StartAsync("");

        // The caller already holds a function key; Durable's links would add the extension's system key.
        var text = FunctionDoubles.BodyText(response) + Location(response);
        Assert.DoesNotContain("code=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("runtime/webhooks", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("terminate", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("purge", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_refresh_tables_and_namespaces_narrow_the_run()
    {
        _functions.Hub.Add("cd2-refresh-20261202T000000Z-timer", OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now.AddHours(-3));

        var response = await StartAsync("""{"tables": ["accounts", " users "], "namespaces": ["canvas"], "SkipTables": []}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = Assert.Single(_functions.Started());
        Assert.Equal(["canvas"], started.Namespaces!);
        Assert.Equal(["accounts", "users"], started.IncludeTables!);
        Assert.Empty(started.SkipTables!);
    }

    [Fact]
    public async Task Start_refresh_reinit_with_tables_re_snapshots_those_tables()
    {
        var response = await StartAsync("""{"tables": ["canvas.users"], "reinit": true}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = Assert.Single(_functions.Started());
        Assert.Equal(["canvas.users"], started.IncludeTables!);
        Assert.True(started.Reinit);
    }

    [Theory]
    [InlineData("{\"tables\": [\"accounts\"", "not valid JSON")]
    [InlineData("{\"reinit\": true}", "'reinit' re-snapshots only tables named in the same body")]
    [InlineData("{\"reinit\": \"yes\", \"tables\": [\"users\"]}", "'reinit' must be true or false")]
    [InlineData("[\"accounts\"]", "JSON array")]
    [InlineData("{\"table\": [\"accounts\"]}", "Unknown member 'table'")]
    [InlineData("{\"tables\": \"accounts\"}", "'tables' must be an array")]
    [InlineData("{\"namespaces\": [\"canvas\", 7]}", "'namespaces[1]' must be a non-empty string")]
    [InlineData("{\"skipTables\": [\" \"]}", "'skipTables[0]' must be a non-empty string")]
    [InlineData("{\"namespaces\": [\"..\"]}", "'namespaces': The DAP namespace name '..' is not valid")]
    [InlineData("{\"tables\": [\"../../object/url\"]}", "'tables': The DAP table name '../../object/url' is not valid")]
    [InlineData("{\"tables\": [\"canvas...\"]}", "'tables': The DAP table name 'canvas...' is not valid")]
    [InlineData("{\"skipTables\": [\"a b\"]}", "'skipTables': The DAP table name 'a b' is not valid")]
    public async Task Start_refresh_malformed_body_is400_naming_the_problem_and_starts_nothing(string body, string problem)
    {
        var response = await StartAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, Json(response).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_functions.Started());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Start_refresh_refresh_running_is409_pointing_at_it(OrchestrationRuntimeStatus status)
    {
        const string running = "cd2-refresh-20261202T000000Z-timer";
        _functions.Hub.Add(running, status, FakeTaskHub.Now.AddHours(-3));

        var response = await StartAsync("""{"tables": ["accounts"]}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = Json(response);
        Assert.Equal(running, error.GetProperty("runId").GetString());
        Assert.Contains($"/api/refresh/{running}", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_functions.Started());
    }

    [Fact]
    public async Task Start_refresh_loses_the_race_for_its_id_is409_not_a500()
    {
        _functions.Hub.OnSchedule = id => throw new DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException(id);

        var response = await StartAsync(string.Empty);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(RunId, Json(response).GetProperty("runId").GetString());
    }

    private const string RunId = "cd2-refresh-20261202T030007Z-manual";

    private Task<Microsoft.Azure.Functions.Worker.Http.HttpResponseData> StartAsync(string body)
        => new RefreshHttp(_functions.Settings, _functions.Clock).StartRefresh(_functions.Request(body), _functions.Client, _functions.Context);

    /// <summary>The body as JSON, after checking the response says it is JSON.</summary>
    private static JsonElement Json(Microsoft.Azure.Functions.Worker.Http.HttpResponseData response)
    {
        Assert.StartsWith("application/json", Assert.Single(response.Headers.GetValues("Content-Type")), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(FunctionDoubles.BodyText(response));
        return document.RootElement.Clone();
    }

    private static string Location(Microsoft.Azure.Functions.Worker.Http.HttpResponseData response)
        => Assert.Single(response.Headers.GetValues("Location"));
}
