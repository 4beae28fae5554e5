using Microsoft.DurableTask;
using NSubstitute;

namespace CanvasData2.Orchestration.Tests.Support;

/// <summary>
/// A substitute <see cref="TaskOrchestrationContext"/> with a clock that durable timers advance, and
/// activity handlers by name. Records every activity call and timer.
/// </summary>
internal sealed class FakeOrchestration
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public FakeOrchestration()
    {
        Context.InstanceId.Returns("run-1");
        Context.CurrentUtcDateTime.Returns(_ => Now);
        Context.CreateTimer(Arg.Any<DateTime>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var fireAt = call.Arg<DateTime>();
            Timers.Add(fireAt - Now);
            TimerTargets.Add(fireAt);
            if (fireAt > Now)
            {
                Now = fireAt;
            }

            return Task.CompletedTask;
        });
        // The TimeSpan overload is virtual: route it through the DateTime one, as the real context does.
        Context.CreateTimer(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>())
            .Returns(call => Context.CreateTimer(Now + call.Arg<TimeSpan>(), call.Arg<CancellationToken>()));
        Context.When(c => c.SetCustomStatus(Arg.Any<object?>())).Do(call => Statuses.Add(call.Arg<object?>()));
    }

    public TaskOrchestrationContext Context { get; } = Substitute.For<TaskOrchestrationContext>();

    public DateTime Now { get; set; } = Start;

    public List<TimeSpan> Timers { get; } = [];

    public List<DateTime> TimerTargets { get; } = [];

    public List<object?> Statuses { get; } = [];

    public List<(string Name, object? Input)> Calls { get; } = [];

    public IEnumerable<T> InputsOf<T>(string name) => Calls.Where(c => c.Name == name).Select(c => (T)c.Input!);

    public FakeOrchestration OnActivity<TIn, TOut>(string name, Func<TIn, TOut> handler)
        => OnActivityAsync<TIn, TOut>(name, input => Task.FromResult(handler(input)));

    public FakeOrchestration OnActivityAsync<TIn, TOut>(string name, Func<TIn, Task<TOut>> handler)
    {
        Context.CallActivityAsync<TOut>(Arg.Is<TaskName>(n => n.Name == name), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call =>
            {
                var input = (TIn)call.ArgAt<object?>(1)!;
                Calls.Add((name, input));
                return handler(input);
            });
        return this;
    }

    public FakeOrchestration OnTable(Func<TableWork, Task<TableResult>> handler)
    {
        Context.CallSubOrchestratorAsync<TableResult>(Arg.Is<TaskName>(n => n.Name == nameof(TableOrchestrator)), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call =>
            {
                var work = (TableWork)call.ArgAt<object?>(1)!;
                Calls.Add((nameof(TableOrchestrator), work));
                return handler(work);
            });
        return this;
    }

    public static TaskFailedException Failure(string activity, string message)
        => new(activity, 1, new TaskFailureDetails("System.Net.Http.HttpRequestException", message, null, null, null));
}
