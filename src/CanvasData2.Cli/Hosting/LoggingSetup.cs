using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// Log level and format, read before the services are built (loggers are injected into commands), from a
/// parse of the global flags alone. Invalid values fall back to the defaults here; the full parse reports them.
/// </summary>
internal sealed record LoggingSetup(LogLevel Level, bool Json)
{
    public static LoggingSetup FromArguments(Settings.GlobalOptions globals, string[] args)
    {
        var root = new RootCommand { TreatUnmatchedTokensAsErrors = false };
        root.Options.Add(globals.LogLevel);
        root.Options.Add(globals.LogFormat);
        var result = root.Parse(args);
        return result.Errors.Count > 0
            ? new LoggingSetup(LogLevel.Warning, Json: false)
            : new LoggingSetup(result.GetValue(globals.LogLevel), result.GetValue(globals.LogFormat) == "json");
    }
}
