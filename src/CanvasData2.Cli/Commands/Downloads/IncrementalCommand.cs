using System.CommandLine;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;

namespace CanvasData2.Cli.Commands.Downloads;

/// <summary><c>cd2 incremental --since T [--until T]</c>: download the changes of tables in a time range to files.</summary>
internal sealed class IncrementalCommand(CliSettings settings, DapClientFactory dap, CliConsole console, JobDownloader downloader)
    : DownloadCommand(settings, dap, console, downloader)
{
    private readonly Option<DateTimeOffset> _since = new("--since")
    {
        Description = "Start of the range, inclusive (ISO 8601, e.g. 2024-01-31T00:00:00Z)",
        Required = true,
    };

    private readonly Option<DateTimeOffset?> _until = new("--until")
    {
        Description = "End of the range, exclusive (ISO 8601); default: the latest available",
    };

    public override Command CreateDefinition()
        => Define("incremental", "Download the changes of tables within a time range to files", _since, _until);

    protected override QueryRequest CreateRequest(ParseResult parseResult, DataFormat format)
    {
        var since = parseResult.GetValue(_since);
        var until = parseResult.GetValue(_until);
        if (until is { } end && end <= since)
        {
            throw new UsageException("--until must be later than --since.");
        }

        return QueryRequest.Incremental(since.ToUniversalTime(), format, until?.ToUniversalTime());
    }
}
