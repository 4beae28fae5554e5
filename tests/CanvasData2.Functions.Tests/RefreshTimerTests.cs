using CanvasData2.Functions.Endpoints;
using CanvasData2.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Functions.Tests;

/// <summary>The scheduled refresh starts one run per schedule slot unless one is still going; the purge goes by age.</summary>
public sealed class RefreshTimerTests
{
    private readonly FunctionDoubles _functions = new(("CD2_INCLUDE_TABLES", "accounts,users"), ("CD2_MAX_PARALLEL_TABLES", "2"), ("CD2_HISTORY_RETENTION_DAYS", "10"));
    private readonly ListLogger<RefreshTimer> _logger = new();

    private RefreshTimer Timer => new(_functions.Settings, _functions.Clock, _logger);

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Scheduled_refresh_run_still_in_flight_skips_and_logs_it(OrchestrationRuntimeStatus status)
    {
        _functions.Hub.Add("cd2-refresh-20261202T000000Z-timer", status, FakeTaskHub.Now.AddHours(-3));

        await Timer.ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);

        Assert.Empty(_functions.Started());
        Assert.Equal([4002], _logger.EventIds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task Scheduled_refresh_none_in_flight_starts_the_configured_refresh_under_its_slot_id(OrchestrationRuntimeStatus? previous)
    {
        if (previous is { } status)
        {
            _functions.Hub.Add("cd2-refresh-20261202T000000Z-timer", status, FakeTaskHub.Now.AddHours(-3));
        }

        await Timer.ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);

        var (id, started) = Assert.Single(_functions.Hub.Scheduled);
        Assert.Equal("cd2-refresh-20261202T030000Z-timer", id);
        Assert.Equal(["accounts", "users"], started.IncludeTables!);
        Assert.Equal((2, true), (started.MaxParallelTables, started.Pacing));
        Assert.Equal([4001], _logger.EventIds);
    }

    [Fact]
    public async Task Scheduled_refresh_fired_twice_for_one_slot_starts_one_run()
    {
        await Timer.ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);
        _functions.Hub.Finish(_functions.Hub.Scheduled.Single().Id);
        await Timer.ScheduledRefresh(new TimerInfo(), _functions.Client, _functions.Context);

        Assert.Single(_functions.Hub.Scheduled);
        Assert.Equal([4001, 4002], _logger.EventIds);
    }

    [Fact]
    public async Task Purge_history_purges_finished_instances_older_than_the_retention_days()
    {
        await Timer.PurgeHistory(new TimerInfo(), _functions.Client, _functions.Context);

        var filter = Assert.Single(_functions.Hub.Purges);
        Assert.Null(filter.CreatedFrom);
        Assert.Equal(FakeTaskHub.Now.AddDays(-10), filter.CreatedTo);
        Assert.Equal(
            [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            filter.Statuses!.Order());
        Assert.Equal([4003], _logger.EventIds);
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
