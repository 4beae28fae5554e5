using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Replication;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CanvasData2.Functions.Adapters;

/// <summary>
/// Activity triggers in the generator's shape: each resolves its activity class from the invocation's
/// services and forwards the input. No logic here.
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(EnsureBookkeepingActivity))]
    public static Task<StepResult> EnsureBookkeepingActivity([ActivityTrigger] string? input, string instanceId, FunctionContext executionContext)
        => RunAsync<EnsureBookkeepingActivity, string?, StepResult>(input, instanceId, executionContext);

    [Function(nameof(ListTablesActivity))]
    public static Task<TableListing> ListTablesActivity([ActivityTrigger] ListTablesInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<ListTablesActivity, ListTablesInput, TableListing>(input, instanceId, executionContext);

    [Function(nameof(PlanTableActivity))]
    public static Task<PlanResult> PlanTableActivity([ActivityTrigger] TableName input, string instanceId, FunctionContext executionContext)
        => RunAsync<PlanTableActivity, TableName, PlanResult>(input, instanceId, executionContext);

    [Function(nameof(StartQueryActivity))]
    public static Task<JobState> StartQueryActivity([ActivityTrigger] StartQueryInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<StartQueryActivity, StartQueryInput, JobState>(input, instanceId, executionContext);

    [Function(nameof(PollJobActivity))]
    public static Task<JobState> PollJobActivity([ActivityTrigger] string input, string instanceId, FunctionContext executionContext)
        => RunAsync<PollJobActivity, string, JobState>(input, instanceId, executionContext);

    [Function(nameof(PrepareStagingActivity))]
    public static Task<PrepareResult> PrepareStagingActivity([ActivityTrigger] PrepareStagingInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<PrepareStagingActivity, PrepareStagingInput, PrepareResult>(input, instanceId, executionContext);

    [Function(nameof(LoadObjectActivity))]
    public static Task<LoadObjectOutput> LoadObjectActivity([ActivityTrigger] LoadObjectInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<LoadObjectActivity, LoadObjectInput, LoadObjectOutput>(input, instanceId, executionContext);

    [Function(nameof(CommitActivity))]
    public static Task<CommitOutput> CommitActivity([ActivityTrigger] CommitInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<CommitActivity, CommitInput, CommitOutput>(input, instanceId, executionContext);

    [Function(nameof(DiscardStagingActivity))]
    public static Task<StepResult> DiscardStagingActivity([ActivityTrigger] StagingTarget input, string instanceId, FunctionContext executionContext)
        => RunAsync<DiscardStagingActivity, StagingTarget, StepResult>(input, instanceId, executionContext);

    [Function(nameof(RecordRunActivity))]
    public static Task<StepResult> RecordRunActivity([ActivityTrigger] RecordRunInput input, string instanceId, FunctionContext executionContext)
        => RunAsync<RecordRunActivity, RecordRunInput, StepResult>(input, instanceId, executionContext);

    internal static async Task<TOut> RunAsync<TActivity, TIn, TOut>(TIn input, string instanceId, FunctionContext executionContext)
        where TActivity : ITaskActivity
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        ITaskActivity activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(executionContext.InstanceServices);
        var context = new FunctionsActivityContext(typeof(TActivity).Name, instanceId);
        return (TOut)(await activity.RunAsync(context, input).ConfigureAwait(false))!;
    }
}
