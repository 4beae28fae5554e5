using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>
/// Keeps each table's latest outcome in the database at the end of a run (tables that were skipped, or that a
/// listing failure left unnamed, are not recorded), so that the replica says why a table is stale.
/// </summary>
public sealed class RecordRunActivity(IReplicaEngine engine, ILogger<RecordRunActivity> logger) : TaskActivity<RecordRunInput, StepResult>
{
    public override Task<StepResult> RunAsync(TaskActivityContext context, RecordRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ActivityFailures.GuardAsync(
            async () =>
            {
                var finished = new DateTimeOffset(DateTime.SpecifyKind(input.FinishedAtUtc, DateTimeKind.Utc));
                var records = input.Tables
                    .Where(t => t.Outcome != TableOutcome.Skipped && DapNames.IsValid(t.Namespace) && DapNames.IsValid(t.Table))
                    .Select(t => new TableRunRecord(
                        new TableName(t.Namespace, t.Table),
                        input.RunId,
                        t.Outcome.ToString().ToLowerInvariant(),
                        finished,
                        t.RowsUpserted + t.RowsDeleted,
                        (long)Math.Round(t.Duration.TotalSeconds),
                        t.Error?.Kind.Name(),
                        t.Error?.Message,
                        t.TruncatedValues))
                    .ToList();
                await engine.RecordRunAsync(records).ConfigureAwait(false);
                return new StepResult();
            },
            error => new StepResult(error),
            ActivityLog.For(logger, nameof(RecordRunActivity), input.RunId));
    }
}
