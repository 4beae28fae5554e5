using CanvasData2.Functions.Endpoints;
using CanvasData2.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Functions.Tests;

/// <summary>The scheduled refresh starts the configured run unless one is still going, and says which it did.</summary>
public sealed class RefreshTimerTests
{
    private readonly FunctionDoubles _functions = new(("CD2_INCLUDE_TABLES", "accounts,users"), ("CD2_MAX_PARALLEL_TABLES", "2"));
    private readonly ListLogger<RefreshTimer> _logger = new();

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Scheduled_refresh_refresh_still_running_skips_and_logs_it(OrchestrationRuntimeStatus status)
    {
        _functions.ExistingRefresh(status);

        await new RefreshTimer(_logger).ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);

        Assert.Empty(_functions.Started());
        Assert.Equal([4002], _logger.EventIds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task Scheduled_refresh_none_running_starts_the_configured_refresh(OrchestrationRuntimeStatus? status)
    {
        _functions.ExistingRefresh(status);

        await new RefreshTimer(_logger).ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);

        var started = Assert.Single(_functions.Started());
        Assert.Equal(["accounts", "users"], started.IncludeTables!);
        Assert.Equal((2, true), (started.MaxParallelTables, started.Pacing));
        Assert.Equal([4001], _logger.EventIds);
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => EventIds.Add(eventId.Id);
    }
}
