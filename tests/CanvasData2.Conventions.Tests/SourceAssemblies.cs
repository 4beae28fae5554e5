using System.Reflection;

using CanvasData2.Testing;

namespace CanvasData2.Conventions.Tests;

/// <summary>The assemblies built from src/, each with the range of log event ids its project owns.</summary>
internal static class SourceAssemblies
{
    public static readonly IReadOnlyDictionary<string, (int First, int Last)> EventIdRanges = new Dictionary<string, (int, int)>
    {
        ["CanvasData2.Dap"] = (1000, 1999),
        ["CanvasData2.Replication"] = (2000, 2999),
        ["CanvasData2.Orchestration"] = (3000, 3999),
        ["CanvasData2.Functions"] = (4000, 4999),
        ["CanvasData2.Local"] = (5000, 5999),
        ["cd2"] = (6000, 6999),
        ["CanvasData2.Emulator"] = (7000, 7999),
    };

    public static IEnumerable<Assembly> All => EventIdRanges.Keys.Select(name => Assembly.Load(name));

    /// <summary>The repository's src/ directory.</summary>
    public static DirectoryInfo SourceDirectory() => new(RepositoryPaths.PathOf("src"));

    /// <summary>The build configuration of this test run (Debug, Release).</summary>
    public static string Configuration => RepositoryPaths.Configuration;
}
