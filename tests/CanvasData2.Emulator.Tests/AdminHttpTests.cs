using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class AdminHttpTests
{
    [Fact]
    public async Task The_admin_api_over_http_moves_time_bumps_schemas_and_injects_faults()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        using var advanced = await client.Http.PostAsync(new Uri("_emulator/advance?steps=3", UriKind.Relative), null, cancellationToken);
        var now = JsonNode.Parse(await advanced.Content.ReadAsStringAsync(cancellationToken))!;
        using var bumped = await client.Http.PostAsync(new Uri("_emulator/tables/canvas/courses/bump-schema", UriKind.Relative), null, cancellationToken);
        using var missing = await client.Http.PostAsync(new Uri("_emulator/tables/canvas/nothing/bump-schema", UriKind.Relative), null, cancellationToken);
        using var fault = await client.Http.PostAsJsonAsync(new Uri("_emulator/faults", UriKind.Relative),
            new { kind = "InternalError", pathPattern = "^/dap/query", count = 1 }, cancellationToken);
        var failing = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken);
        var passing = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken);

        Assert.Equal(3, now["step"]!.GetValue<int>());
        Assert.Equal("2026-11-01T09:00:00Z", now["now"]!.GetValue<string>());
        Assert.Equal(3, server.Step);
        Assert.Equal(2, JsonNode.Parse(await bumped.Content.ReadAsStringAsync(cancellationToken))!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failing.Status);
        Assert.Equal(HttpStatusCode.OK, passing.Status);
    }
}
