using Microsoft.DurableTask;

namespace CanvasData2.Functions.Adapters;

/// <summary>The activity context the generator would emit for Functions: the activity's name and its instance.</summary>
internal sealed class FunctionsActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
