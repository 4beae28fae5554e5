using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;

namespace CanvasData2.Cli.Commands;

/// <summary><c>cd2 list</c>: the tables of a namespace, as a JSON array on stdout.</summary>
internal sealed class ListCommand(CliSettings settings, DapClientFactory dap, CliConsole console) : CliCommand
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();

    public override Command CreateDefinition() => new("list", "List the tables available in a namespace (JSON array on stdout)") { _namespace };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var client = dap.Create(settings.RequireDap(parseResult));
        var tables = await client.ListTablesAsync(parseResult.GetValue(_namespace)!, cancellationToken).ConfigureAwait(false);
        console.WriteJson(tables);
        return ExitCodes.Ok;
    }
}
