using CanvasData2.Dap;
using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>
/// Fetches the table's current schema and prepares the job's staging area. The schema stays in this
/// activity (it is large); only its version goes to history. When the schema moved on since the job was
/// created, the job's data do not match it: <see cref="PrepareKind.SchemaChanged"/> asks for a new query.
/// </summary>
public sealed class PrepareStagingActivity(IDapClient dap, IReplicaEngine engine, ILogger<PrepareStagingActivity> logger)
    : TaskActivity<PrepareStagingInput, PrepareResult>
{
    public override Task<PrepareResult> RunAsync(TaskActivityContext context, PrepareStagingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var staging = input.Staging;
        return ActivityFailures.GuardAsync(
            async () =>
            {
                var schema = await dap.GetSchemaAsync(staging.Table.Namespace, staging.Table.Table).ConfigureAwait(false);
                if (input.JobSchemaVersion is { } jobVersion && jobVersion != schema.Version)
                {
                    return new PrepareResult(PrepareKind.SchemaChanged, schema.Version);
                }

                await engine.PrepareStagingAsync(staging, schema).ConfigureAwait(false);
                return new PrepareResult(PrepareKind.Ready, schema.Version);
            },
            error => new PrepareResult(PrepareKind.Failed, Failure: error),
            ActivityLog.For(logger, nameof(PrepareStagingActivity), staging.Table.ToString()));
    }
}
