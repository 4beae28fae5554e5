using System.Text.Json;

namespace CanvasData2.Conventions.Tests;

public sealed class FunctionsDependencyTests
{
    /// <summary>Packages that serve local runs and tests only; the Functions app must not ship them.</summary>
    private static readonly string[] LocalOnly = ["Microsoft.DurableTask.InProcessTestHost", "Grpc.AspNetCore.Server"];

    [Fact]
    public void The_functions_app_ships_neither_the_in_process_durable_backend_nor_a_grpc_server()
    {
        // The deps file lists every library `dotnet publish` copies; the project reference above has built it.
        var deps = Path.Combine(SourceAssemblies.SourceDirectory().FullName, "CanvasData2.Functions", "bin", SourceAssemblies.Configuration, "net10.0", "CanvasData2.Functions.deps.json");
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();

        Assert.Contains("CanvasData2.Orchestration", libraries);
        Assert.Empty(libraries.Intersect(LocalOnly, StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain("CanvasData2.Local", libraries);
    }
}
