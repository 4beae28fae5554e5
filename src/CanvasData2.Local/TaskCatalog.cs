using CanvasData2.Orchestration;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace CanvasData2.Local;

/// <summary>
/// The refresh's orchestrators and activities as DurableTask.Core sees them: each wrapped by the shim of
/// Microsoft.DurableTask.Worker, the same adapter its gRPC worker and the Functions worker use, so the classes
/// run unchanged. A new instance per execution; activities come from the host's services.
/// </summary>
internal sealed class TaskCatalog<T>(IReadOnlyDictionary<string, Func<T>> creators) : INameVersionObjectManager<T>
{
    public static TaskCatalog<TaskOrchestration> Orchestrations(DurableTaskShimFactory shims)
        => new(CanvasData2Tasks.OrchestratorTypes.ToDictionary(
            type => type.Name,
            // Parent is not given: the refresh's orchestrators never read it.
            type => (Func<TaskOrchestration>)(() => shims.CreateOrchestration(type.Name, (ITaskOrchestrator)Activator.CreateInstance(type)!, parent: null)),
            StringComparer.Ordinal));

    public static TaskCatalog<TaskActivity> Activities(DurableTaskShimFactory shims, IServiceProvider services)
        => new(CanvasData2Tasks.ActivityTypes.ToDictionary(
            type => type.Name,
            type => (Func<TaskActivity>)(() => shims.CreateActivity(type.Name, (ITaskActivity)services.GetRequiredService(type))),
            StringComparer.Ordinal));

    public void Add(ObjectCreator<T> creator) => throw new NotSupportedException("The catalog is fixed when it is built.");

    public T? GetObject(string name, string? version) => creators.TryGetValue(name, out var create) ? create() : default;
}
