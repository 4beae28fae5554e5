using System.CommandLine;
using CanvasData2.Cli.Commands.Replica;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Emulator;
using CanvasData2.Orchestration;
using CanvasData2.Settings;

namespace CanvasData2.Cli.Commands.Local;

/// <summary>
/// <c>cd2 demo</c>: the whole job end to end without credentials. Starts the emulator and a PostgreSQL (unless
/// a connection string is configured), replicates every table, lets the emulator's time pass and bumps a
/// schema, syncs again, then says what happened. Stops everything it started.
/// </summary>
internal sealed class DemoCommand(CliSettings settings, RefreshRunner runner, ReplicaFactory replicaFactory, CliConsole console) : CliCommand
{
    private static readonly string[] Namespaces = ["canvas", "canvas_logs", "catalog"];
    private const string BumpedNamespace = "canvas";
    private const string BumpedTable = "users";

    private readonly Option<long> _rows = LocalOptions.Rows();
    private readonly Option<long> _seed = LocalOptions.Seed();

    public override Command CreateDefinition()
        => new("demo", "Run the whole replication end to end on this machine: emulator + PostgreSQL + refresh, change, refresh") { _rows, _seed };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var configured = settings.OptionalConnectionString(parseResult);
        var options = new EmulatorOptions { Rows = parseResult.GetValue(_rows), Seed = parseResult.GetValue(_seed), JobDelay = TimeSpan.FromMilliseconds(200) };
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        console.Info($"DAP emulator listening on {emulator.BaseUrl}");
        await using var database = await DemoDatabase.OpenAsync(configured, console, cancellationToken).ConfigureAwait(false);
        console.Info($"Replicating into {PostgresConnectionString.Describe(database.ConnectionString)}");

        var dap = new DapConnection(emulator.BaseUrl, emulator.ClientId, emulator.ClientSecret, Pacing: false);
        var request = new RefreshRequest(Namespaces, Pacing: false, Tuning: RefreshOptions.LocalTuning);
        var first = await runner.RunAsync(dap, database.ConnectionString, request, "first refresh", cancellationToken).ConfigureAwait(false);

        emulator.AdvanceTime();
        var version = emulator.BumpSchema(BumpedNamespace, BumpedTable);
        console.Info($"Emulator: time advanced to {emulator.Now:u}; {BumpedNamespace}.{BumpedTable} schema bumped to v{version}.");
        var second = await runner.RunAsync(dap, database.ConnectionString, request, "second refresh", cancellationToken).ConfigureAwait(false);

        await using (var replica = replicaFactory.Create(database.ConnectionString))
        {
            var status = await replica.GetStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            console.Table("replica", ["table", "schema", "rows"], status.Select(t => (IReadOnlyList<string>)
                [t.Table.ToString(), $"v{t.SchemaVersion}", t.RowCount is { } rows ? Sizes.Count(rows) : "?"]));
        }

        Describe("First refresh", first);
        Describe("Second refresh", second);
        var ok = first.Succeeded && second.Succeeded;
        if (ok)
        {
            console.Success("Demo complete. Try: cd2 status --connection-string ... on your own database, or cd2 emulator to keep a DAP API running.");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private void Describe(string title, RunSummary summary)
    {
        var byOutcome = summary.Tables.GroupBy(t => t.Outcome).Select(g => $"{g.Count()} {SummaryTable.Outcome(g.Key)}");
        var changed = summary.Tables.Where(t => t.SchemaChanged).Select(t => $"{t.Namespace}.{t.Table} v{t.PreviousSchemaVersion}→v{t.SchemaVersion}").ToList();
        console.Info($"{title}: {string.Join(", ", byOutcome)}; {Sizes.Count(summary.Tables.Sum(t => t.RowsUpserted))} rows upserted, "
            + $"{Sizes.Count(summary.Tables.Sum(t => t.RowsDeleted))} deleted"
            + (changed.Count > 0 ? $"; schema changed: {string.Join(", ", changed)}" : string.Empty) + ".");
    }
}
