using CanvasData2.Functions.Adapters;
using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Replication;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CanvasData2.Functions.Tests;

public sealed class AdapterTests
{
    [Fact]
    public async Task Activity_adapter_resolves_the_activity_from_instance_services_and_forwards()
    {
        var engine = Substitute.For<IReplicaEngine>();
        engine.PlanAsync(new TableName("canvas", "accounts"), Arg.Any<CancellationToken>()).Returns(new SyncFrom(DateTimeOffset.UnixEpoch, 3));
        var services = new ServiceCollection().AddSingleton(engine).AddSingleton(Substitute.For<CanvasData2.Dap.IDapClient>()).AddCanvasData2Activities().BuildServiceProvider();
        var context = Substitute.For<FunctionContext>();
        context.InstanceServices.Returns(services);

        var plan = await ActivityFunctions.PlanTableActivity(new TableName("canvas", "accounts"), "run-1", context);

        Assert.Equal(new PlanResult(PlanKind.SyncFrom, DateTimeOffset.UnixEpoch, 3), plan);
    }

    [Fact]
    public async Task Orchestrator_adapter_forwards_the_input_to_the_orchestrator()
    {
        var context = Substitute.For<TaskOrchestrationContext>();
        var work = new TableWork(new TableName("canvas", "accounts"), null, RefreshTuning.Default);
        context.GetInput<TableWork>().Returns(work);
        context.CallActivityAsync<PlanResult>(Arg.Is<TaskName>(n => n.Name == nameof(PlanTableActivity)), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(new PlanResult(PlanKind.Failed, Failure: new TableError(TableErrorKind.Replica, "no database")));

        var result = await OrchestratorFunctions.TableOrchestrator(context);

        Assert.Equal((TableOutcome.Failed, "no database"), (result.Outcome, result.Error!.Message));
    }

    [Fact]
    public void Every_activity_type_has_an_adapter_named_after_it()
    {
        var adapters = typeof(ActivityFunctions).GetMethods()
            .Select(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).OfType<FunctionAttribute>().SingleOrDefault()?.Name)
            .Where(n => n is not null);

        Assert.Equal(CanvasData2Tasks.ActivityTypes.Select(t => t.Name).Order(), adapters.Order());
    }
}
