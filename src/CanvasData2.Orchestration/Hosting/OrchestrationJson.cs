using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CanvasData2.Model;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration;

/// <summary>
/// The JSON options of the orchestration's inputs, outputs and custom status: those of Durable Task's
/// <c>JsonDataConverter</c> (fields included, names as declared), so the text is the same, with the metadata of
/// every contract type generated at build time. Reflection-based metadata emits and JIT-compiles accessors at run
/// time: about half of what a one-table <c>cd2</c> command compiled (bench/README.md, fixed cost). Types not
/// listed still serialize, by reflection.
/// </summary>
public static class OrchestrationJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        IncludeFields = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(OrchestrationJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

[JsonSourceGenerationOptions(IncludeFields = true)]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(RefreshProgress))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(TableWork))]
[JsonSerializable(typeof(TableResult))]
[JsonSerializable(typeof(TableName))]
[JsonSerializable(typeof(StagingTarget))]
[JsonSerializable(typeof(StepResult))]
[JsonSerializable(typeof(ListTablesInput))]
[JsonSerializable(typeof(TableListing))]
[JsonSerializable(typeof(PlanResult))]
[JsonSerializable(typeof(StartQueryInput))]
[JsonSerializable(typeof(JobState))]
[JsonSerializable(typeof(PrepareStagingInput))]
[JsonSerializable(typeof(PrepareResult))]
[JsonSerializable(typeof(LoadObjectInput))]
[JsonSerializable(typeof(LoadObjectOutput))]
[JsonSerializable(typeof(CommitInput))]
[JsonSerializable(typeof(CommitOutput))]
[JsonSerializable(typeof(RecordRunInput))]
[JsonSerializable(typeof(string))]
internal sealed partial class OrchestrationJsonContext : JsonSerializerContext;
