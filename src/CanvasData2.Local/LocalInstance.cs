using DurableTask.Core;

namespace CanvasData2.Local;

/// <summary>An orchestration instance as <see cref="LocalRefreshHost"/> stored it: serialized input, output and custom status.</summary>
public sealed record LocalInstance(string InstanceId, OrchestrationStatus Status, string? Input, string? Output, string? CustomStatus)
{
    /// <summary>The output read as the orchestrator returned it.</summary>
    public T? ReadOutputAs<T>() => LocalRefreshHost.Converter.Deserialize<T>(Output);
}
