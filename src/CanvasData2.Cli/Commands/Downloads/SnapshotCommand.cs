using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;

namespace CanvasData2.Cli.Commands.Downloads;

/// <summary><c>cd2 snapshot</c>: download the complete current data of tables to files.</summary>
internal sealed class SnapshotCommand(CliSettings settings, DapClientFactory dap, CliConsole console, JobDownloader downloader)
    : DownloadCommand(settings, dap, console, downloader)
{
    public override Command CreateDefinition() => Define("snapshot", "Download a complete snapshot of tables to files");

    protected override QueryRequest CreateRequest(ParseResult parseResult, DataFormat format) => QueryRequest.Snapshot(format);
}
