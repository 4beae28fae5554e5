using System.Diagnostics;
using System.Text.Json.Nodes;
using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Bench;

/// <summary>
/// Inits many small tables through the in-process orchestration, once with pacing off (pure orchestration
/// overhead per table) and once with job-start pacing on at <c>jobsPerMinute</c> (the pacing floor dominates).
/// </summary>
internal static class FanOutBench
{
    private const string Namespace = "benchfan";
    private const int RowsPerTable = 100;

    public static async Task<FanOutMeasurement> RunAsync(BenchDatabase db, int tables, int? jobsPerMinute, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = RowsPerTable, Port = 0, JobDelay = TimeSpan.Zero };
        options.Tables.Add("canvas.accounts");
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        var paced = jobsPerMinute is not null;
        using var logging = BenchLogging.Create();
        using var dap = DapClient.Create(EmulatorDap.Options(emulator, o => (o.Pacing, o.JobCreationsPerWindow) = (paced, jobsPerMinute ?? 5)), logging);
        var schema = JsonNode.Parse((await dap.GetSchemaAsync("canvas", "accounts", cancellationToken)).Schema.GetRawText())!.AsObject();
        for (var i = 1; i <= tables; i++)
        {
            emulator.AddTable(Namespace, $"table_{i:D3}", (JsonObject)schema.DeepClone(), RowsPerTable);
        }

        var database = paced ? "bench_fanout_paced" : "bench_fanout";
        await using var engine = ReplicaEngine.Create(await db.CreateDatabaseAsync(database, cancellationToken), logger: logging.CreateLogger<ReplicaEngine>());
        await using var host = await LocalRefreshHost.StartAsync(dap, engine, logging);
        var tuning = BenchTuning.Refresh with { JobsPerMinute = jobsPerMinute ?? 5 };
        var clock = Stopwatch.StartNew();
        var summary = await host.RunAsync(new RefreshRequest(Namespaces: [Namespace], Pacing: paced, Tuning: tuning), cancellationToken: cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        // A failed table is a finding, not a reason to stop the benchmark: it is reported with its error.
        var failed = tables - summary.Tables.Count(t => t.Outcome == TableOutcome.Initialized);
        var failure = summary.Tables.FirstOrDefault(t => t.Error is not null)?.Error?.Message ?? summary.Error?.Message;

        await db.DropDatabaseAsync(database, cancellationToken);
        // Job k (0-based) may start at minute floor(k / perMinute): the last one waits that long at least.
        double? floor = jobsPerMinute is { } perMinute ? (tables - 1) / perMinute * 60.0 : null;
        var measurement = new FanOutMeasurement(tables, jobsPerMinute, seconds, floor, failed, failure);
        Console.WriteLine($"  fan-out ({(paced ? $"paced {jobsPerMinute}/min" : "no pacing")}): {tables} tables in {seconds:F1} s = {measurement.SecondsPerTable * 1000:F0} ms/table" +
            (floor is null ? "" : $", pacing floor {floor:F0} s") + (failed == 0 ? "" : $"; {failed} FAILED: {failure}"));
        return measurement;
    }
}

internal sealed record FanOutMeasurement(int Tables, int? JobsPerMinute, double Seconds, double? FloorSeconds, int Failed, string? FirstError)
{
    public double SecondsPerTable => Seconds / Tables;
}
