using System.CommandLine;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Orchestration;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>
/// <c>cd2 refresh</c>: the full orchestration in-process. Every table of the namespaces is initialised
/// (snapshot) or synced (changes), in parallel, each atomically; one failing table never stops the others.
/// </summary>
internal sealed class RefreshCommand(CliSettings settings, RefreshRunner runner, CliConsole console) : CliCommand
{
    private readonly Option<string[]> _namespaces = new("--namespace", "-n")
    {
        Description = "Namespace(s) to refresh; repeat the flag or give a comma-separated list (default canvas)",
    };

    private readonly Option<string[]> _tables = new("--tables")
    {
        Description = "Only these tables (comma-separated or repeated; bare 'accounts' or qualified 'canvas.accounts'); default all",
    };

    private readonly Option<string[]> _skip = new("--skip") { Description = "Tables to leave out (comma-separated or repeated)" };
    private readonly Option<bool> _json = new("--json") { Description = "Also print the run summary as JSON on stdout" };

    public override Command CreateDefinition()
        => new("refresh", "Bring every table up to date: initialise new tables, sync the others, in parallel")
        {
            _namespaces, _tables, _skip, RefreshOptions.MaxParallel, RefreshOptions.NoPacing, _json,
        };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var dap = settings.RequireDap(parseResult);
        var connectionString = settings.RequireConnectionString(parseResult);
        var tables = TableSelection.Split(parseResult.GetValue(_tables));
        var request = RefreshOptions.Request(
            parseResult,
            TableSelection.Split(parseResult.GetValue(_namespaces)),
            tables.Count == 0 ? null : tables,
            TableSelection.Split(parseResult.GetValue(_skip)));

        var summary = await runner.RunAsync(dap, connectionString, request, "refresh", cancellationToken).ConfigureAwait(false);
        if (parseResult.GetValue(_json))
        {
            console.WriteJson(summary);
        }

        return summary.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
