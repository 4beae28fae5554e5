using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;

namespace CanvasData2.Cli.Commands.Downloads;

/// <summary>
/// What <c>snapshot</c> and <c>incremental</c> share: run a query job per table, download its objects, print a
/// JSON list of the files on stdout. A table that fails does not stop the others; the exit code is then 1.
/// </summary>
internal abstract class DownloadCommand(CliSettings settings, DapClientFactory dap, CliConsole console, JobDownloader downloader) : CliCommand
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _table = CommonOptions.Tables(TableSelection.Help);
    private readonly Option<string> _format = new("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "tsv" };
    private readonly Option<DirectoryInfo> _outputDirectory = new("--output-directory")
    {
        Description = "Directory to write the files to",
        DefaultValueFactory = _ => new DirectoryInfo("downloads"),
    };

    protected Command Define(string name, string description, params Option[] extra)
    {
        _format.AcceptOnlyFromAmong("tsv", "jsonl", "csv", "parquet");
        var command = new Command(name, description) { _namespace, _table, _format, _outputDirectory };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>The query to run for every table.</summary>
    protected abstract QueryRequest CreateRequest(ParseResult parseResult, DataFormat format);

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var ns = parseResult.GetValue(_namespace)!;
        var format = Enum.Parse<DataFormat>(parseResult.GetValue(_format)!, ignoreCase: true);
        var request = CreateRequest(parseResult, format);
        var output = parseResult.GetValue(_outputDirectory)!;
        using var client = dap.Create(settings.RequireDap(parseResult));
        var tables = await TableSelection.ResolveAsync(parseResult.GetValue(_table)!, ns, client, cancellationToken).ConfigureAwait(false);

        var results = await console.RunWithProgressAsync(async display =>
        {
            var list = new List<DownloadResult>();
            foreach (var table in tables)
            {
                list.Add(await DownloadOneAsync(client, ns, table, request, output, display.Add(table), cancellationToken).ConfigureAwait(false));
            }

            return list;
        }).ConfigureAwait(false);

        console.WriteJson(results);
        return results.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private async Task<DownloadResult> DownloadOneAsync(
        IDapClient client, string ns, string table, QueryRequest request, DirectoryInfo output, IProgressLine line, CancellationToken cancellationToken)
    {
        try
        {
            var result = await downloader.DownloadAsync(client, ns, table, request, output, line, cancellationToken).ConfigureAwait(false);
            line.Complete($"{result.Files.Count} file(s), {Sizes.Bytes(result.Bytes)}");
            return result;
        }
        catch (DapException e) when (e.Kind is not DapErrorKind.Authentication)
        {
            line.Complete($"failed: {e.Message}");
            return new DownloadResult(ns, table, null, null, null, null, null, [], 0, e.Message);
        }
    }
}
