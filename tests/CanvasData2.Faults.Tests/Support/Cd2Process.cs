using System.Diagnostics;
using CanvasData2.Model;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>Runs the built <c>cd2</c> (<see cref="Cd2"/>) until the database holds it at a crash point, then SIGKILLs it.</summary>
internal static class Cd2Process
{
    /// <summary>
    /// Arms <paramref name="point"/> (<see cref="ServerPause"/>) for <paramref name="tables"/> in the database of
    /// <c>DAP_CONNECTION_STRING</c>, starts cd2, waits until one of its sessions waits there and kills the whole
    /// process tree (SIGKILL: no cleanup code runs).
    /// </summary>
    public static async Task KillAtAsync(
        string point, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, IReadOnlyList<TableName> tables, CancellationToken cancellationToken)
    {
        await using var pause = await ServerPause.ArmAsync(environment["DAP_CONNECTION_STRING"], point, tables, cancellationToken);
        using var process = Process.Start(Cd2.StartInfo(args, environment))!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken));
        var reached = pause.WaitUntilReachedAsync(cancellationToken);
        try
        {
            if (await Task.WhenAny(reached, process.WaitForExitAsync(cancellationToken)) != reached)
            {
                var texts = await output;
                throw new InvalidOperationException($"cd2 ended (exit {process.ExitCode}) without reaching crash point '{point}'.\n{texts[0]}\n{texts[1]}");
            }

            await reached;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
