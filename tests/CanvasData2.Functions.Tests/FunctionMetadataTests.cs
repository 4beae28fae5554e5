using System.Text.Json;
using System.Text.Json.Nodes;

using CanvasData2.Testing;

namespace CanvasData2.Functions.Tests;

/// <summary>
/// No Functions host runs here, so the bindings the Worker SDK generated (triggers, routes, methods, auth
/// levels, schedule expressions) are compared with a reviewed golden file.
/// </summary>
public sealed class FunctionMetadataTests
{
    [Fact]
    public void Generated_metadata_matches_the_golden_file()
    {
        var actual = Normalize(File.ReadAllText(MetadataPath()));
        var golden = Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata.golden.json")));

        Assert.Equal(golden, actual);
    }

    [Fact]
    public void Generated_metadata_timer_uses_the_schedule_setting_and_http_needs_a_function_key()
    {
        var functions = JsonNode.Parse(File.ReadAllText(MetadataPath()))!.AsArray();
        var bindings = functions.SelectMany(f => f!["bindings"]!.AsArray()).ToList();

        Assert.Contains(bindings, b => (string?)b!["type"] == "timerTrigger" && (string?)b["schedule"] == "%CD2_SCHEDULE%");
        Assert.All(bindings.Where(b => (string?)b!["type"] == "httpTrigger"), b => Assert.Equal("Function", (string?)b!["authLevel"]));
    }

    /// <summary>Functions sorted by name, bindings as generated, whitespace removed.</summary>
    private static string Normalize(string json)
    {
        var functions = JsonNode.Parse(json)!.AsArray().Select(f => f!.DeepClone()).OrderBy(f => (string?)f["name"], StringComparer.Ordinal);
        return new JsonArray([.. functions]).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string MetadataPath()
    {
        // tests/CanvasData2.Functions.Tests/bin/<Configuration>/<tfm>/ → src/CanvasData2.Functions/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var path = RepositoryPaths.PathOf("src", "CanvasData2.Functions", "bin", RepositoryPaths.Configuration, tfm, "functions.metadata");
        Assert.True(File.Exists(path), $"Missing {path}: build src/CanvasData2.Functions first.");
        return path;
    }
}
