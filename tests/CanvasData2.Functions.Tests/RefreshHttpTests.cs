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
    public async Task StartRefresh_NoBody_StartsTheConfiguredRefreshWith202(string body)
    {
        _functions.ExistingRefresh(null);

        var response = await StartAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.EndsWith($"/instances/{RefreshStarter.InstanceId}", Location(response), StringComparison.Ordinal);
        using var links = JsonDocument.Parse(FunctionDoubles.BodyText(response));
        Assert.Equal(RefreshStarter.InstanceId, links.RootElement.GetProperty("Id").GetString());
        Assert.Equal(Location(response), links.RootElement.GetProperty("StatusQueryGetUri").GetString());
        var started = Assert.Single(_functions.Started());
        Assert.Equal(["canvas", "canvas_logs"], started.Namespaces!);
        Assert.Empty(started.IncludeTables!);
        Assert.Equal(["web_logs"], started.SkipTables!);
        Assert.Equal((3, true), (started.MaxParallelTables, started.Pacing));
    }

    [Fact]
    public async Task StartRefresh_TablesAndNamespaces_NarrowTheRun()
    {
        _functions.ExistingRefresh(OrchestrationRuntimeStatus.Completed);

        var response = await StartAsync("""{"tables": ["accounts", " users "], "namespaces": ["canvas"], "SkipTables": []}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = Assert.Single(_functions.Started());
        Assert.Equal(["canvas"], started.Namespaces!);
        Assert.Equal(["accounts", "users"], started.IncludeTables!);
        Assert.Empty(started.SkipTables!);
    }

    [Theory]
    [InlineData("{\"tables\": [\"accounts\"", "not valid JSON")]
    [InlineData("[\"accounts\"]", "JSON array")]
    [InlineData("{\"table\": [\"accounts\"]}", "Unknown member 'table'")]
    [InlineData("{\"tables\": \"accounts\"}", "'tables' must be an array")]
    [InlineData("{\"namespaces\": [\"canvas\", 7]}", "'namespaces[1]' must be a non-empty string")]
    [InlineData("{\"skipTables\": [\" \"]}", "'skipTables[0]' must be a non-empty string")]
    [InlineData("{\"namespaces\": [\"..\"]}", "'namespaces': The DAP namespace name '..' is not valid")]
    [InlineData("{\"tables\": [\"../../object/url\"]}", "'tables': The DAP table name '../../object/url' is not valid")]
    [InlineData("{\"tables\": [\"canvas...\"]}", "'tables': The DAP table name 'canvas...' is not valid")]
    [InlineData("{\"skipTables\": [\"a b\"]}", "'skipTables': The DAP table name 'a b' is not valid")]
    public async Task StartRefresh_MalformedBody_Is400NamingTheProblemAndStartsNothing(string body, string problem)
    {
        _functions.ExistingRefresh(null);

        var response = await StartAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, FunctionDoubles.BodyText(response), StringComparison.Ordinal);
        Assert.Empty(_functions.Started());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task StartRefresh_RefreshRunning_Is409PointingAtIt(OrchestrationRuntimeStatus status)
    {
        _functions.ExistingRefresh(status);

        var response = await StartAsync("""{"tables": ["accounts"]}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"/api/refresh/{RefreshStarter.InstanceId}", FunctionDoubles.BodyText(response), StringComparison.Ordinal);
        Assert.Empty(_functions.Started());
    }

    private Task<Microsoft.Azure.Functions.Worker.Http.HttpResponseData> StartAsync(string body)
        => RefreshHttp.StartRefresh(_functions.Request(body), _functions.Client, _functions.Context);

    private static string Location(Microsoft.Azure.Functions.Worker.Http.HttpResponseData response)
        => Assert.Single(response.Headers.GetValues("Location"));
}
