using System.Reflection;

using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>The repository root (<see cref="RepositoryPaths"/>) and the bicep binary the project file passes in as assembly metadata.</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string BicepExecutable { get; } = Metadata("BicepPath");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Metadata(string key)
        => typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
               .SingleOrDefault(a => a.Key == key)?.Value
           ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see the test project file.");
}
