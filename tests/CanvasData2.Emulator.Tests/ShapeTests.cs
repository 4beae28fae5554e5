using System.Net;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

public sealed class ShapeTests
{
    [Fact]
    public async Task Tables_are_listed_per_namespace()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table", null, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["tables"], body!.AsObject().Select(p => p.Key));
        var tables = body["tables"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal(["accounts", "assignments", "courses", "enrollments", "quizzes", "submissions", "users"], tables);
        var logs = (await client.SendAsync(HttpMethod.Get, "dap/query/canvas_logs/table", null, cancellationToken)).Body!;
        Assert.Equal(["web_logs"], logs["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task A_schema_is_served_with_its_version()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "dap/query/canvas/table/accounts/schema", null, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["schema", "version"], body!.AsObject().Select(p => p.Key));
        Assert.Equal(1, body["version"]!.GetValue<int>());
        var schema = body["schema"]!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.Equal("key", schema["required"]![0]!.GetValue<string>());
        Assert.NotNull(schema["properties"]!["value"]!["properties"]!["workflow_state"]);
    }

    [Theory]
    [InlineData("dap/query/nowhere/table", "namespace", "nowhere")]
    [InlineData("dap/query/canvas/table/nothing/schema", "table", "nothing")]
    [InlineData("dap/query/nowhere/table/accounts/schema", "namespace", "nowhere")]
    [InlineData("dap/job/00000000-0000-0000-0000-000000000000", "job", "00000000-0000-0000-0000-000000000000")]
    public async Task Unknown_things_are_404_ObjectNotFound_naming_the_kind_and_id(string path, string kind, string id)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var (status, body, response) = await client.SendAsync(HttpMethod.Get, path, null, cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = body!["error"]!;
        Assert.Equal("ObjectNotFound", error["type"]!.GetValue<string>());
        Assert.Equal(kind, error["kind"]!.GetValue<string>());
        Assert.Equal(id, error["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["uuid"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"mode":"condensed"}""", "body.format")]
    [InlineData("""{"format":"xml"}""", "body.format")]
    [InlineData("""{"format":"tsv","mode":"wide"}""", "body.mode")]
    [InlineData("""{"format":"tsv","since":"2026-11-01 00:00:00"}""", "body.since")]
    [InlineData("""{"format":"tsv","filter":"x"}""", "body.filter")]
    [InlineData("""{"format":"tsv","since":null}""", "body.since")]
    public async Task A_malformed_query_is_400_ValidationError_with_its_location(string body, string location)
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var (status, error, _) = await client.SendAsync(HttpMethod.Post, "dap/query/canvas/table/accounts/data", JsonNode.Parse(body), cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationError", error!["error"]!["type"]!.GetValue<string>());
        Assert.Equal(location, error["error"]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task Object_urls_for_an_unknown_object_are_404()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await EmulatorFactory.StartAsync();
        using var client = new DapTestClient(server);

        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "dap/object/url", new JsonArray(new JsonObject { ["id"] = "no/such.tsv.gz" }), cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("object", body!["error"]!["kind"]!.GetValue<string>());
    }
}
