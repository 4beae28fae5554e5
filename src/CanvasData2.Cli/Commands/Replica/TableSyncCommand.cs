using System.CommandLine;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>
/// What <c>initdb</c> and <c>syncdb</c> share: check each named table's state in the replica, refuse the ones
/// the command does not apply to (as the official CLI does), and run the per-table orchestration for the rest.
/// </summary>
internal abstract class TableSyncCommand(
    CliSettings settings, RefreshRunner runner, CliConsole console) : CliCommand
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _table = CommonOptions.Tables(TableSelection.Help);

    protected Command Define(string name, string description)
        => new(name, description) { _namespace, _table, RefreshOptions.MaxParallel, RefreshOptions.NoPacing };

    /// <summary>Why the table is refused in its current state, or null to run it.</summary>
    protected abstract string? Refuse(TablePlan plan);

    /// <summary>Whether the accepted tables are loaded from a fresh snapshot (<see cref="RefreshRequest.Reinit"/>).</summary>
    protected virtual bool Reinit => false;

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var ns = parseResult.GetValue(_namespace)!;
        var dap = settings.RequireDap(parseResult);
        var connectionString = settings.RequireConnectionString(parseResult);

        var refused = 0;
        var summary = await runner.RunAsync(
            dap,
            connectionString,
            !parseResult.GetValue(RefreshOptions.NoPacing),
            CreateDefinition().Name,
            async (client, replica) =>
            {
                var tables = await TableSelection.ResolveAsync(parseResult.GetValue(_table)!, ns, client, cancellationToken).ConfigureAwait(false);
                await replica.EnsureBookkeepingAsync(cancellationToken).ConfigureAwait(false);
                var accepted = new List<string>();
                foreach (var table in tables)
                {
                    var plan = await replica.PlanAsync(new TableName(ns, table), cancellationToken).ConfigureAwait(false);
                    if (Refuse(plan) is { } reason)
                    {
                        console.Fail($"{ns}.{table}: {reason}");
                        refused++;
                    }
                    else
                    {
                        accepted.Add(table);
                    }
                }

                return accepted.Count == 0 ? null : RefreshOptions.Request(parseResult, [ns], accepted, []) with { Reinit = Reinit };
            },
            cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            return ExitCodes.Failed;
        }

        return summary.Succeeded && refused == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
