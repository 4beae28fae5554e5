using System.Diagnostics;
using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// Starts the query a command will send and waits until the emulator has written its objects: the command's
/// identical query then gets this finished job at once, so the emulator's data generation is not timed.
/// </summary>
internal static class Prewarm
{
    public static async Task<TimeSpan> JobAsync(EmulatorServer emulator, string ns, string table, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var dap = DapClient.Create(EmulatorDap.Options(emulator));
        var request = since is { } from ? QueryRequest.Incremental(from) : QueryRequest.Snapshot();
        var job = await dap.StartQueryAsync(ns, table, request, cancellationToken);
        while (!job.IsTerminal)
        {
            await Task.Delay(100, cancellationToken);
            job = await dap.GetJobAsync(job.Id, cancellationToken);
        }

        return job.Status == JobStatus.Complete ? clock.Elapsed : throw new InvalidOperationException($"Prewarm job {job.Id} ended {job.Status}.");
    }

    /// <summary>The table's table_sync timestamp: the <c>since</c> of its next incremental query.</summary>
    public static async Task<DateTimeOffset> SinceAsync(BenchDatabase db, string database, string ns, string table, CancellationToken cancellationToken)
    {
        var since = await db.ScalarAsync<DateTime>(database,
            $"SELECT \"timestamp\" FROM instructure_dap.table_sync WHERE source_namespace = '{ns}' AND source_table = '{table}'", cancellationToken);
        return new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc));
    }
}
