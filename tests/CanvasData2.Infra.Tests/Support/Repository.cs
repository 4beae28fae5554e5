using System.Reflection;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>Paths the project file passes in as assembly metadata: the repository root and the bicep binary.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string BicepExecutable { get; } = Metadata("BicepPath");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Metadata(string key)
        => typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
               .SingleOrDefault(a => a.Key == key)?.Value
           ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see the test project file.");
}
