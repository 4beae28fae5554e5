using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary><c>cd2 syncdb</c>: apply the changes since the last sync to tables initialised before.</summary>
internal sealed class SyncDbCommand(
    CliSettings settings, RefreshRunner runner, CliConsole console)
    : TableSyncCommand(settings, runner, console)
{
    public override Command CreateDefinition() => Define("syncdb", "Apply table changes since the last sync to the database (tables must be initialized)");

    protected override string? Refuse(TablePlan plan)
        => plan is InitNeeded ? "not initialized; run initdb first" : null;
}
