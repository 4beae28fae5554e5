using System.CommandLine;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>
/// <c>cd2 reinit</c>: load a fresh snapshot of initialised tables and swap it in atomically, keeping grants and
/// dependent views (and, in windowed namespaces such as canvas_logs, the older rows the snapshot no longer has).
/// Readers see the old table until the swap commits, never a missing or partial one.
/// </summary>
internal sealed class ReinitCommand(
    CliSettings settings, RefreshRunner runner, CliConsole console)
    : TableSyncCommand(settings, runner, console)
{
    public override Command CreateDefinition() => Define("reinit", "Replace tables with a fresh snapshot, atomically, keeping grants and views (tables must be initialized)");

    protected override string? Refuse(TablePlan plan)
        => plan is InitNeeded ? "not initialized; run initdb first" : null;

    protected override bool Reinit => true;
}
