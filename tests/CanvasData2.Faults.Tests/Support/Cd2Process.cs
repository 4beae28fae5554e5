using System.Diagnostics;
using System.Text;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>Output of one <c>cd2</c> child process.</summary>
internal sealed record Cd2Output(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built <c>cd2</c> (copied next to the tests by the project reference) as a child process with a clean
/// environment, either to completion or until it prints a crash-point marker, when it is SIGKILLed.
/// </summary>
internal static class Cd2Process
{
    private static readonly string[] Cleared = ["DAP_API_URL", "DAP_CLIENT_ID", "DAP_CLIENT_SECRET", "DAP_CONNECTION_STRING", "CD2_TEST_PAUSE_AT"];

    private static string DllPath
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "cd2.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("cd2.dll is not next to the tests; build the test project.");
        }
    }

    public static async Task<Cd2Output> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Cd2Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts cd2 with <c>CD2_TEST_PAUSE_AT=<paramref name="point"/></c>, waits for its marker line on stderr and
    /// kills the whole process tree (SIGKILL: no cleanup code runs). Returns what it printed.
    /// </summary>
    public static async Task<string> KillAtAsync(string point, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var withPause = new Dictionary<string, string>(environment) { ["CD2_TEST_PAUSE_AT"] = point };
        using var process = Process.Start(StartInfo(args, withPause))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = new StringBuilder();
        var marker = $"CD2_TEST_PAUSED {point}";
        try
        {
            while (await process.StandardError.ReadLineAsync(ct) is { } line)
            {
                stderr.Append(line).Append('\n');
                if (line.Contains(marker, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(ct);
                    return stderr.ToString();
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await process.WaitForExitAsync(ct);
        throw new InvalidOperationException($"cd2 ended (exit {process.ExitCode}) without reaching crash point '{point}'.\n{await stdout}\n{stderr}");
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
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

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
