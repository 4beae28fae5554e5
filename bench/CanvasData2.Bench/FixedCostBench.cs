using System.Diagnostics;
using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// What one command costs before any data moves: <c>cd2 --version</c>, <c>cd2 initdb</c> of an empty table (once),
/// and <c>cd2 syncdb</c> of it whose job the emulator answers complete at once (the whole process, median of
/// <c>runs</c>); and inside a running refresh host, the sync of a table without changes.
/// </summary>
internal static class FixedCostBench
{
    private const string Namespace = "canvas";
    private const string Table = "accounts";

    public static async Task<FixedCostMeasurement> RunAsync(BenchDatabase db, int runs, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Port = 0, JobDelay = TimeSpan.Zero };
        options.Tables.Add($"{Namespace}.{Table}");
        options.TableRows[$"{Namespace}.{Table}"] = 0;
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        const string database = "bench_fixed";
        var connectionString = await db.CreateDatabaseAsync(database, cancellationToken);
        string[] table = ["--namespace", Namespace, "--table", Table];
        await Prewarm.JobAsync(emulator, Namespace, Table, null, cancellationToken);
        var init = await Cd2Process.RunAsync(emulator, connectionString, ["initdb", .. table], cancellationToken);

        var version = new List<Cd2Run>();
        var syncs = new List<Cd2Run>();
        for (var i = 0; i < runs; i++)
        {
            version.Add(await Cd2Process.RunAsync(null, null, ["--version"], cancellationToken));
            await Prewarm.JobAsync(emulator, Namespace, Table, await Prewarm.SinceAsync(db, database, Namespace, Table, cancellationToken), cancellationToken);
            syncs.Add(await Cd2Process.RunAsync(emulator, connectionString, ["syncdb", .. table], cancellationToken));
        }

        var inHost = await SyncInRunningHostAsync(db, database, emulator, runs, cancellationToken);
        await db.DropDatabaseAsync(database, cancellationToken);
        var measurement = new FixedCostMeasurement(
            Median(version.Select(r => r.WallSeconds)), Median(syncs.Select(r => r.WallSeconds)), Median(syncs.Select(r => r.CpuSeconds)),
            syncs.Max(r => r.PeakRssBytes), init.WallSeconds, inHost, [.. syncs.Select(r => r.WallSeconds)]);
        Console.WriteLine($"  cd2 --version {measurement.VersionSeconds:F2} s; cd2 initdb of an empty table {measurement.InitSeconds:F2} s; cd2 syncdb of an empty table {measurement.SyncSeconds:F2} s wall, " +
            $"{measurement.SyncCpuSeconds:F2} s CPU, {measurement.SyncPeakRssBytes / 1048576.0:F0} MB; in a running host {inHost * 1000:F0} ms");
        return measurement;
    }

    /// <summary>Median seconds of a one-table refresh (a sync that finds no change) in a host that is already running.</summary>
    private static async Task<double> SyncInRunningHostAsync(BenchDatabase db, string database, EmulatorServer emulator, int runs, CancellationToken cancellationToken)
    {
        using var logging = BenchLogging.Create();
        using var dap = DapClient.Create(EmulatorDap.Options(emulator), logging);
        await using var engine = ReplicaEngine.Create(db.ConnectionString(database));
        await using var host = await LocalRefreshHost.StartAsync(dap, engine, logging);
        var request = new RefreshRequest(Namespaces: [Namespace], IncludeTables: [Table], Pacing: false, Tuning: BenchTuning.Refresh);
        var seconds = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await Prewarm.JobAsync(emulator, Namespace, Table, await Prewarm.SinceAsync(db, database, Namespace, Table, cancellationToken), cancellationToken);
            var clock = Stopwatch.StartNew();
            var summary = await host.RunAsync(request, cancellationToken: cancellationToken);
            if (summary.Tables.Single().Outcome != TableOutcome.Complete)
            {
                throw new InvalidOperationException($"The sync of {Namespace}.{Table} ended {summary.Tables.Single().Outcome}.");
            }

            // The first run warms the host's code paths; a refresh of many tables pays that once.
            if (i > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
        }

        return Median(seconds);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>Medians, and the wall seconds of each <c>syncdb</c> run in order.</summary>
internal sealed record FixedCostMeasurement(
    double VersionSeconds, double SyncSeconds, double SyncCpuSeconds, long SyncPeakRssBytes, double InitSeconds, double InHostSeconds, IReadOnlyList<double> SyncRuns)
{
    public int Runs => SyncRuns.Count;
}

/// <summary>Refresh settings of the in-process benchmarks: short polls, so the numbers show data movement, not DAP's polling cadence.</summary>
internal static class BenchTuning
{
    public static RefreshTuning Refresh { get; } = new(PollFirstSeconds: 0.2, PollMaxSeconds: 1);
}
