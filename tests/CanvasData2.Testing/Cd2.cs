using System.Diagnostics;

namespace CanvasData2.Testing;

/// <summary>
/// Runs the built <c>cd2</c> as a child process with a clean environment: no DAP_* from the machine,
/// and no DOTNET_PROCESSOR_COUNT, so cd2 runs with the machine's own processor count as a user's would.
/// </summary>
public static class Cd2
{
    private static readonly string[] Cleared =
    [
        "DAP_API_URL", "DAP_CLIENT_ID", "DAP_CLIENT_SECRET", "DAP_CONNECTION_STRING", "CI", "NO_COLOR",
        "DOTNET_PROCESSOR_COUNT",
    ];

    public static string DllPath { get; } = FindDll();

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = ChildProcess.StartInfo("dotnet", [DllPath, .. args]);
        foreach (var name in Cleared)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
        => ChildProcess.RunAsync(StartInfo(args, environment), cancellationToken);

    /// <summary>The cd2.dll next to the tests (copied by the project reference), else the Cli project's own output.</summary>
    private static string FindDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "cd2.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "cd2.runtimeconfig.json")))
        {
            return local;
        }

        var built = RepositoryPaths.PathOf("src", "CanvasData2.Cli", "bin", RepositoryPaths.Configuration, "net10.0", "cd2.dll");
        if (File.Exists(built))
        {
            return built;
        }

        throw new FileNotFoundException("cd2.dll not found; build src/CanvasData2.Cli first.");
    }
}
