using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Model;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary><c>cd2 dropdb</c>: drop replicated tables, their enum types and sync records; 'all' means every replicated table of the namespace.</summary>
internal sealed class DropDbCommand(CliSettings settings, ReplicaFactory replicaFactory, CliConsole console) : CliCommand
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _table = CommonOptions.Tables("Table name, comma-separated list of names, or 'all' (every replicated table of the namespace)");

    public override Command CreateDefinition() => new("dropdb", "Delete replicated tables from the database") { _namespace, _table };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var ns = parseResult.GetValue(_namespace)!;
        var names = TableSelection.Split([parseResult.GetValue(_table)!]);
        await using var replica = replicaFactory.Create(settings.RequireConnectionString(parseResult));
        await replica.EnsureBookkeepingAsync(cancellationToken).ConfigureAwait(false);
        if (names is ["all"])
        {
            var status = await replica.GetStatusAsync(ns, cancellationToken).ConfigureAwait(false);
            names = status.Select(s => s.Table.Table).ToList();
        }

        var missing = 0;
        foreach (var name in names)
        {
            var result = await replica.DropAsync(new TableName(ns, name), cancellationToken).ConfigureAwait(false);
            if (!result.Dropped)
            {
                console.Fail($"{ns}.{name}: not in the database");
                missing++;
                continue;
            }

            console.Success($"Dropped {ns}.{name}");
            foreach (var view in result.DroppedViews)
            {
                console.Warn($"Dropped dependent view {view}");
            }
        }

        return missing == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
