using CanvasData2.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NSubstitute;

namespace CanvasData2.Functions.Tests.Support;

/// <summary>
/// An NSubstitute <see cref="DurableTaskClient"/> over a list of instances: lookups, queries (prefix, statuses,
/// created-from, as a backend applies them) and schedules see the same list; a schedule adds a pending instance
/// unless <see cref="OnSchedule"/> says otherwise.
/// </summary>
internal sealed class FakeTaskHub
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 7, TimeSpan.Zero);

    public FakeTaskHub()
    {
        OnSchedule = id => Add(id, OrchestrationRuntimeStatus.Pending, Now);
        Client.GetInstanceAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(call => Instances.FirstOrDefault(i => i.InstanceId == call.ArgAt<string>(0)));
        Client.GetAllInstancesAsync(Arg.Any<OrchestrationQuery?>()).Returns(call =>
        {
            var query = call.Arg<OrchestrationQuery?>() ?? new OrchestrationQuery();
            Queries.Add(query);
            var matches = Instances
                .Where(i => query.InstanceIdPrefix is null || i.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .Where(i => query.Statuses is null || query.Statuses.Contains(i.RuntimeStatus))
                .Where(i => query.CreatedFrom is null || i.CreatedAt >= query.CreatedFrom)
                .ToList();
            return Pageable.Create((string? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>(matches)));
        });
        Client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var id = call.Arg<StartOrchestrationOptions?>()!.InstanceId!;
                Scheduled.Add((id, (RefreshRequest)call.ArgAt<object?>(1)!));
                OnSchedule(id);
                return Task.FromResult(id);
            });
        Client.TerminateInstanceAsync(Arg.Any<string>(), Arg.Any<object?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                Terminated.Add(call.ArgAt<string>(0));
                return Task.CompletedTask;
            });
        Client.PurgeAllInstancesAsync(Arg.Any<PurgeInstancesFilter>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                Purges.Add(call.Arg<PurgeInstancesFilter>());
                return Task.FromResult(new PurgeResult(3));
            });
    }

    public DurableTaskClient Client { get; } = Substitute.For<DurableTaskClient>("test");

    public List<OrchestrationMetadata> Instances { get; } = [];

    public List<(string Id, RefreshRequest Request)> Scheduled { get; } = [];

    public List<string> Terminated { get; } = [];

    public List<PurgeInstancesFilter> Purges { get; } = [];

    public List<OrchestrationQuery> Queries { get; } = [];

    /// <summary>What the backend does with a schedule (default: a pending instance); throw to refuse it.</summary>
    public Action<string> OnSchedule { get; set; }

    /// <summary>The run ends: its instance is now <paramref name="status"/>.</summary>
    public void Finish(string id, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Completed)
    {
        var run = Instances.Single(i => i.InstanceId == id);
        Instances.Remove(run);
        Add(id, status, run.CreatedAt);
    }

    public OrchestrationMetadata Add(
        string id, OrchestrationRuntimeStatus status, DateTimeOffset createdAt, string? output = null, string? customStatus = null)
    {
        var instance = new OrchestrationMetadata(CanvasData2Tasks.RefreshOrchestratorName, id)
        {
            RuntimeStatus = status,
            CreatedAt = createdAt,
            LastUpdatedAt = createdAt.AddMinutes(20),
            SerializedOutput = output,
            SerializedCustomStatus = customStatus,
        };
        Instances.Add(instance);
        return instance;
    }
}
