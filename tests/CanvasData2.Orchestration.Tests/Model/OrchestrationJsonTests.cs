using System.Text.Json;
using CanvasData2.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace CanvasData2.Orchestration.Tests.Model;

public sealed class OrchestrationJsonTests
{
    /// <summary>Every orchestrator's and activity's input and output, and the custom status.</summary>
    public static TheoryData<Type> ContractTypes()
    {
        var types = new TheoryData<Type>();
        foreach (var type in CanvasData2Tasks.OrchestratorTypes.Concat(CanvasData2Tasks.ActivityTypes)
                     .Select(t => t.BaseType!)
                     .Where(b => b.IsGenericType && (b.GetGenericTypeDefinition() == typeof(TaskActivity<,>) || b.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>)))
                     .SelectMany(b => b.GetGenericArguments())
                     .Append(typeof(RefreshProgress))
                     .Select(t => Nullable.GetUnderlyingType(t) ?? t)
                     .Distinct())
        {
            types.Add(type);
        }

        return types;
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void Each_contract_type_has_generated_metadata(Type type)
        => Assert.NotNull(OrchestrationJsonContext.Default.GetTypeInfo(type));

    [Fact]
    public void The_text_is_that_of_Durable_Tasks_default_converter()
    {
        var work = new TableWork(new TableName("canvas", "users"), new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), new RefreshTuning(PollFirstSeconds: 0.5), Reinit: true);
        var summary = new RunSummary(DateTime.UnixEpoch, DateTime.UnixEpoch.AddMinutes(1),
            [new TableResult("canvas", "users", TableOutcome.Failed, Error: new TableError(TableErrorKind.DapJobFailed, "failed"))]);
        foreach (var value in new object[] { work, summary })
        {
            var generated = JsonSerializer.Serialize(value, value.GetType(), OrchestrationJson.Options);
            Assert.Equal(JsonDataConverter.Default.Serialize(value), generated);
            Assert.Equal(generated, JsonSerializer.Serialize(JsonSerializer.Deserialize(generated, value.GetType(), OrchestrationJson.Options), value.GetType(), OrchestrationJson.Options));
        }
    }
}
