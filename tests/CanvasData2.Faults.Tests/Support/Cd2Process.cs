using System.Diagnostics;
using System.Text;
using CanvasData2.Local;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>Runs the built <c>cd2</c> (<see cref="Cd2"/>) until it prints a crash-point marker, then SIGKILLs it.</summary>
internal static class Cd2Process
{
    /// <summary>
    /// Starts cd2 with the hidden <c>--pause-at <paramref name="point"/></c>, waits for its marker line on stderr and
    /// kills the whole process tree (SIGKILL: no cleanup code runs). Returns what it printed.
    /// </summary>
    public static async Task<string> KillAtAsync(string point, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        using var process = Process.Start(Cd2.StartInfo([.. args, "--pause-at", point], environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = new StringBuilder();
        var marker = $"{CrashPoints.Marker} {point}";
        try
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
            {
                stderr.Append(line).Append('\n');
                if (line.Contains(marker, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(cancellationToken);
                    return stderr.ToString();
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"cd2 ended (exit {process.ExitCode}) without reaching crash point '{point}'.\n{await stdout}\n{stderr}");
    }
}
