using System.CommandLine;
using CanvasData2.Cli.Settings;
using CanvasData2.Local;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// The hidden <c>--pause-at</c> switch, read before the services are built (the replica engines take it through
/// <see cref="ReplicaOptions.OnPhase"/>). Without it the engine has no phase callback at all. An invalid value
/// falls back to none here; the full parse reports it.
/// </summary>
internal static class PauseSwitch
{
    public static ReplicaOptions ReplicaOptions(GlobalOptions globals, string[] args)
    {
        var root = new RootCommand { TreatUnmatchedTokensAsErrors = false };
        root.Options.Add(globals.PauseAt);
        var result = root.Parse(args);
        return result.Errors.Count == 0 && result.GetValue(globals.PauseAt) is { } point
            ? new ReplicaOptions { OnPhase = CrashPoints.PauseAt(point, Console.Error) }
            : new ReplicaOptions();
    }
}
