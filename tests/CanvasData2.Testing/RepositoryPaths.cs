using System.Reflection;

namespace CanvasData2.Testing;

/// <summary>
/// The repository the tests were built from (the project file writes its root into this assembly's metadata),
/// so that every test finds sources, fixtures and build outputs the same way.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("Assembly metadata 'RepositoryRoot' is missing; see CanvasData2.Testing.csproj.");

    /// <summary>The build configuration of the running tests (Debug, Release): tests run from <c>bin/&lt;configuration&gt;/&lt;tfm&gt;</c>.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>A path under the root, from its parts (<c>PathOf("tests", "fixtures")</c>).</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
