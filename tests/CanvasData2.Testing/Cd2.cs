using System.Diagnostics;

namespace CanvasData2.Testing;

/// <summary>Output of one <c>cd2</c> child process.</summary>
public sealed record Cd2Result(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built <c>cd2</c> as a child process with a clean environment: no DAP_* or CD2_TEST_* from the machine,
/// and no DOTNET_PROCESSOR_COUNT, so cd2 runs with the machine's own processor count as a user's would.
/// </summary>
public static class Cd2
{
    private static readonly string[] Cleared =
    [
        "DAP_API_URL", "DAP_CLIENT_ID", "DAP_CLIENT_SECRET", "DAP_CONNECTION_STRING", "CD2_TEST_PAUSE_AT", "CI", "NO_COLOR",
        "DOTNET_PROCESSOR_COUNT",
    ];

    public static string DllPath { get; } = FindDll();

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

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

    public static async Task<Cd2Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Cd2Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>The cd2.dll next to the tests (copied by the project reference), else the Cli project's own output.</summary>
    private static string FindDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "cd2.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "cd2.runtimeconfig.json")))
        {
            return local;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CanvasData2.Cli", "bin", configuration, "net10.0", "cd2.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("cd2.dll not found; build src/CanvasData2.Cli first.");
    }
}
