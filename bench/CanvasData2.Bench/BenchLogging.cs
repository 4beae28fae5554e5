using Microsoft.Extensions.Logging;

namespace CanvasData2.Bench;

/// <summary>
/// Loggers for the code under test: warnings only, or with <c>CD2_BENCH_LOG=1</c> every line of our own
/// components with a millisecond timestamp, to see where a run spends its time.
/// </summary>
internal static class BenchLogging
{
    public static bool Verbose => Environment.GetEnvironmentVariable("CD2_BENCH_LOG") == "1";

    public static ILoggerFactory Create() => LoggerFactory.Create(b => b
        .SetMinimumLevel(Verbose ? LogLevel.Debug : LogLevel.Warning)
        .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ")
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("DurableTask", LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Warning));
}
