using System.CommandLine;
using System.Globalization;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary><c>cd2 status</c>: each replicated table's schema version, last sync time and row count.</summary>
internal sealed class StatusCommand(CliSettings settings, ReplicaFactory replicaFactory, CliConsole console) : CliCommand
{
    private readonly Option<string?> _namespace = new("--namespace", "-n") { Description = "Only this namespace (default: all)" };
    private readonly Option<bool> _json = new("--json") { Description = "Print the status as JSON on stdout instead of a table" };

    public override Command CreateDefinition() => new("status", "Show the replicated tables: schema version, last sync, rows") { _namespace, _json };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var replica = replicaFactory.Create(settings.RequireConnectionString(parseResult));
        await replica.EnsureBookkeepingAsync(cancellationToken).ConfigureAwait(false);
        var tables = await replica.GetStatusAsync(parseResult.GetValue(_namespace), cancellationToken).ConfigureAwait(false);
        if (parseResult.GetValue(_json))
        {
            console.WriteJson(tables.Select(t => new
            {
                @namespace = t.Table.Namespace,
                table = t.Table.Table,
                schemaVersion = t.SchemaVersion,
                lastSync = t.LastSync,
                rowCount = t.RowCount,
            }));
            return ExitCodes.Ok;
        }

        console.Table(
            $"{tables.Count} replicated table(s)",
            ["table", "schema", "last sync (UTC)", "rows"],
            tables.Select(t => (IReadOnlyList<string>)
            [
                t.Table.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"v{t.SchemaVersion}"),
                t.LastSync.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                t.RowCount is { } rows ? Sizes.Count(rows) : "?",
            ]));
        return ExitCodes.Ok;
    }
}
