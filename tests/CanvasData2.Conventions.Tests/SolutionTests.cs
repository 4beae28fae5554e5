using System.Text.RegularExpressions;
using CanvasData2.Testing;

namespace CanvasData2.Conventions.Tests;

/// <summary>CI builds the solution: a project outside it (the bench once was) is never compiled there.</summary>
public sealed partial class SolutionTests
{
    [Fact]
    public void Every_project_of_src_tests_and_bench_is_in_the_solution()
    {
        var solution = File.ReadAllText(RepositoryPaths.PathOf("CanvasData2.sln"));
        var listed = ProjectPath().Matches(solution).Select(m => m.Groups[1].Value.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        var onDisk = new[] { "src", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateDirectories(RepositoryPaths.PathOf(folder)))
            .SelectMany(project => Directory.EnumerateFiles(project, "*.csproj"))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .ToList();

        Assert.NotEmpty(onDisk);
        Assert.All(onDisk, path => Assert.Contains(path, listed));
    }

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex ProjectPath();
}
