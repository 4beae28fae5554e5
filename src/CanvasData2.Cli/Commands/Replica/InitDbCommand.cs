using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary><c>cd2 initdb</c>: load a full snapshot of tables that are not in the database yet.</summary>
internal sealed class InitDbCommand(
    CliSettings settings, RefreshRunner runner, CliConsole console)
    : TableSyncCommand(settings, runner, console)
{
    public override Command CreateDefinition() => Define("initdb", "Import a full snapshot of tables into the database (tables must not exist yet)");

    protected override string? Refuse(TablePlan plan)
        => plan is SyncFrom ? "already initialized; use syncdb to update it, or dropdb first to load it again" : null;
}
