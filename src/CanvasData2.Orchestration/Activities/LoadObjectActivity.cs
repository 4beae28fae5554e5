using CanvasData2.Dap;
using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

/// <summary>
/// Streams one result object from DAP into the job's staging area. Idempotent: the replica records the
/// objects it holds, so a retry after a crash neither loses nor duplicates rows.
/// </summary>
public sealed class LoadObjectActivity(IDapClient dap, IReplicaEngine engine, ILogger<LoadObjectActivity> logger)
    : TaskActivity<LoadObjectInput, LoadObjectOutput>
{
    public override Task<LoadObjectOutput> RunAsync(TaskActivityContext context, LoadObjectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = input.Staging.Table.ToString();
        return ActivityFailures.GuardAsync(
            async () =>
            {
                try
                {
                    var stream = await dap.OpenObjectAsync(input.ObjectId).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        var result = await engine.LoadObjectAsync(input.Staging, input.ObjectId, input.Ordinal, stream).ConfigureAwait(false);
                        logger.ObjectLoaded(input.ObjectId, table, result.Rows, result.AlreadyLoaded);
                        return new LoadObjectOutput(result.Rows, result.AlreadyLoaded, TruncatedValues: result.TruncatedValues);
                    }
                }
                catch (DapException e) when (e.Kind == DapErrorKind.Protocol)
                {
                    // A cut or damaged download: the load left nothing behind, and a fresh download usually succeeds.
                    throw new IOException(e.Message, e);
                }
            },
            error => new LoadObjectOutput(0, false, error),
            ActivityLog.For(logger, nameof(LoadObjectActivity), table));
    }
}
