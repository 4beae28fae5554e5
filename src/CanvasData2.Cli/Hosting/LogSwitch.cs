using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// Log level and format, set from the one parse of the command line. The services (and their loggers) are built
/// before it, so the level is read at every log call (a logging filter) and a change of format reaches the console
/// logger as an options change.
/// </summary>
internal sealed class LogSwitch : IOptionsChangeTokenSource<ConsoleLoggerOptions>, IDisposable
{
    private CancellationTokenSource _changed = new();

    public LogLevel Level { get; private set; } = LogLevel.Warning;

    public bool Json { get; private set; }

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Apply(LogLevel level, bool json)
    {
        (Level, Json) = (level, json);
        var previous = _changed;
        _changed = new CancellationTokenSource();
        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose() => _changed.Dispose();
}
