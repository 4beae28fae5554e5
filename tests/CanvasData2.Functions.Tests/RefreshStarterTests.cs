using CanvasData2.Functions.Endpoints;
using CanvasData2.Functions.Tests.Support;
using CanvasData2.Orchestration;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Tests;

/// <summary>One instance per run, one run at a time: distinct ids, refusals naming the run that holds the slot, races.</summary>
public sealed class RefreshStarterTests
{
    private readonly FakeTaskHub _hub = new();

    [Fact]
    public async Task Try_start_two_manual_starts_get_their_own_time_sorted_ids()
    {
        var first = await StartAsync(RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual));
        _hub.Finish(first.RunId);
        var second = await StartAsync(RefreshRunId.At(FakeTaskHub.Now.AddHours(3), RefreshTrigger.Manual));

        Assert.Equal("cd2-refresh-20261202T030007Z-manual", first.RunId);
        Assert.Equal("cd2-refresh-20261202T060007Z-manual", second.RunId);
        Assert.True(first.Started && second.Started);
        Assert.Equal([first.RunId, second.RunId], _hub.Scheduled.Select(s => s.Id));
        Assert.True(string.CompareOrdinal(first.RunId, second.RunId) < 0);
    }

    [Fact]
    public async Task Try_start_manual_id_of_a_finished_run_takes_the_next_second_instead_of_overwriting_it()
    {
        var id = RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual);
        _hub.Add(id.ToString(), OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now);

        var start = await StartAsync(id);

        Assert.True(start.Started);
        Assert.Equal("cd2-refresh-20261202T030008Z-manual", start.RunId);
    }

    [Fact]
    public async Task Try_start_timer_slot_already_taken_collapses_into_the_first_run()
    {
        var slot = RefreshRunId.ForSlot(FakeTaskHub.Now);
        _hub.Add(slot.ToString(), OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now);

        var start = await StartAsync(RefreshRunId.ForSlot(FakeTaskHub.Now.AddSeconds(40)));

        Assert.Equal((slot.ToString(), false), (start.RunId, start.Started));
        Assert.Empty(_hub.Scheduled);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Try_start_run_in_flight_is_refused_naming_it(OrchestrationRuntimeStatus status)
    {
        _hub.Add("cd2-refresh-20261202T000000Z-timer", status, FakeTaskHub.Now.AddHours(-3));
        _hub.Add("cd2-refresh-20261202T000000Z-timer:canvas.accounts", status, FakeTaskHub.Now.AddHours(-3));

        var start = await StartAsync(RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual));

        Assert.Equal(("cd2-refresh-20261202T000000Z-timer", false), (start.RunId, start.Started));
        Assert.Empty(_hub.Scheduled);
    }

    [Fact]
    public async Task Try_start_only_old_sub_orchestrations_or_other_instances_in_flight_starts()
    {
        _hub.Add("cd2-refresh-20261201T000000Z-timer:canvas.accounts", OrchestrationRuntimeStatus.Running, FakeTaskHub.Now.AddDays(-1));
        _hub.Add("cd2-refresh", OrchestrationRuntimeStatus.Running, FakeTaskHub.Now.AddDays(-10));

        var start = await StartAsync(RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual));

        Assert.True(start.Started);
    }

    public static TheoryData<string> AlreadyExistsFailures => ["client", "grpc"];

    [Theory]
    [MemberData(nameof(AlreadyExistsFailures))]
    public async Task Try_start_backend_refuses_the_id_because_a_racer_took_it_is_refused_naming_that_run(string source)
    {
        var slot = RefreshRunId.ForSlot(FakeTaskHub.Now);
        _hub.OnSchedule = id => throw (source == "client"
            ? new OrchestrationAlreadyExistsException($"An orchestration with id {id} is running.")
            : new RpcException(new Status(StatusCode.AlreadyExists, $"{id} exists")));

        var start = await StartAsync(slot);

        Assert.Equal((slot.ToString(), false), (start.RunId, start.Started));
    }

    [Fact]
    public async Task Try_start_other_failure_of_the_backend_is_not_taken_for_a_conflict()
    {
        _hub.OnSchedule = _ => throw new RpcException(new Status(StatusCode.Unavailable, "storage down"));

        await Assert.ThrowsAsync<RpcException>(() => StartAsync(RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual)));
    }

    [Fact]
    public async Task Try_start_racer_with_another_id_created_first_terminates_its_own_run_and_names_the_winner()
    {
        // Both passed the in-flight check; the timer's run reached the backend a moment before this manual start.
        var winner = "cd2-refresh-20261202T030000Z-timer";
        _hub.OnSchedule = id =>
        {
            _hub.Add(winner, OrchestrationRuntimeStatus.Running, FakeTaskHub.Now.AddMilliseconds(-5));
            _hub.Add(id, OrchestrationRuntimeStatus.Pending, FakeTaskHub.Now);
        };

        var start = await StartAsync(RefreshRunId.At(FakeTaskHub.Now, RefreshTrigger.Manual));

        Assert.Equal((winner, false), (start.RunId, start.Started));
        Assert.Equal(["cd2-refresh-20261202T030007Z-manual"], _hub.Terminated);
    }

    [Fact]
    public async Task Try_start_racer_created_later_keeps_its_own_run()
    {
        _hub.OnSchedule = id =>
        {
            _hub.Add(id, OrchestrationRuntimeStatus.Pending, FakeTaskHub.Now);
            _hub.Add("cd2-refresh-20261202T030008Z-manual", OrchestrationRuntimeStatus.Pending, FakeTaskHub.Now.AddMilliseconds(5));
        };

        var start = await StartAsync(RefreshRunId.ForSlot(FakeTaskHub.Now));

        Assert.Equal(("cd2-refresh-20261202T030000Z-timer", true), (start.RunId, start.Started));
        Assert.Empty(_hub.Terminated);
    }

    private Task<StartResult> StartAsync(RefreshRunId id)
        => RefreshStarter.TryStartAsync(_hub.Client, new RefreshRequest(), id, CanvasData2.Testing.TestTimeout.Seconds(30));
}
