using CanvasData2.Functions.Endpoints;
using CanvasData2.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NSubstitute;

namespace CanvasData2.Functions.Tests;

public sealed class RefreshStarterTests
{
    private readonly DurableTaskClient _client = Substitute.For<DurableTaskClient>("test");

    private void Existing(OrchestrationRuntimeStatus? status)
        => _client.GetInstanceAsync(RefreshStarter.InstanceId, false, Arg.Any<CancellationToken>())
            .Returns(status is { } s ? new OrchestrationMetadata(nameof(RefreshOrchestrator), RefreshStarter.InstanceId) { RuntimeStatus = s } : null);

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    public async Task Try_start_refresh_running_does_not_start_another(OrchestrationRuntimeStatus status)
    {
        Existing(status);

        var started = await RefreshStarter.TryStartAsync(_client, new RefreshRequest(), TestTimeoutToken());

        Assert.False(started);
        await _client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default(StartOrchestrationOptions), default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    public async Task Try_start_none_running_starts_under_the_fixed_instance_id(OrchestrationRuntimeStatus? status)
    {
        Existing(status);
        var request = new RefreshRequest(IncludeTables: ["accounts"]);

        var started = await RefreshStarter.TryStartAsync(_client, request, TestTimeoutToken());

        Assert.True(started);
        await _client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == nameof(RefreshOrchestrator)), request,
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == RefreshStarter.InstanceId), Arg.Any<CancellationToken>());
    }

    private static CancellationToken TestTimeoutToken() => CanvasData2.Testing.TestTimeout.Seconds(30);
}
