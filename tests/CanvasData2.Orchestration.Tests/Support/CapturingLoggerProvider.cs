using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Tests.Support;

/// <summary>Keeps every log line (event id, rendered message, named properties) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public CapturingLoggerProvider() => Factory = LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Information));

    /// <summary>A factory writing only here, from Information up.</summary>
    public ILoggerFactory Factory { get; }

    public ConcurrentQueue<(int EventId, string Message, IReadOnlyDictionary<string, object?> Properties)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    private int _disposed;

    public void Dispose()
    {
        // The factory may dispose its providers, this one included: only the first call does the work.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Factory.Dispose();
        }
    }

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            provider.Lines.Enqueue((eventId.Id, formatter(state, exception), properties));
        }
    }
}
