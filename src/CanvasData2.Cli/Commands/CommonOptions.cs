using System.CommandLine;

namespace CanvasData2.Cli.Commands;

/// <summary>Shared command options: <c>--namespace</c> and <c>--table</c> as the official CLI spells them.</summary>
internal static class CommonOptions
{
    public static Option<string> Namespace() => new("--namespace", "-n")
    {
        Description = "Data source (namespace): canvas, canvas_logs, catalog, ...",
        DefaultValueFactory = _ => Orchestration.RefreshRequest.DefaultNamespace,
    };

    public static Option<string> Tables(string description) => new("--table", "-t")
    {
        Description = description,
        Required = true,
    };
}
