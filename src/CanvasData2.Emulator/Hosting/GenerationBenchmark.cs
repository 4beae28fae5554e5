using System.Diagnostics;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Formats;
using CanvasData2.Emulator.Jobs;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Hosting;

/// <summary>`--generate-only ns.table`: writes one snapshot to a temporary directory and reports rows per second.</summary>
internal static class GenerationBenchmark
{
    public static async Task<int> RunAsync(EmulatorOptions options, string qualifiedTable, CancellationToken cancellationToken)
    {
        var state = new EmulatorState(options);
        var parts = qualifiedTable.Split('.', 2);
        var spec = state.WithTable(parts[0], parts[^1], (t, step) => new JobSpec(t.Namespace, t.Name, QueryFormat.Tsv, [.. t.Versions], t.VersionAt(step),
            new RowTimeline(StableHash.Combine((ulong)options.Seed, StableHash.Of(t.QualifiedName)), t.Rows), step, null, options.RowsPerObject, state.StepTime))
            ?? throw new ArgumentException($"Table '{qualifiedTable}' does not exist.");
        var directory = Path.Combine(Path.GetTempPath(), $"cd2-emulator-bench-{Guid.NewGuid():N}");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        try
        {
            var names = await ObjectGenerator.GenerateAsync(spec, directory, cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var bytes = names.Sum(n => new FileInfo(Path.Combine(directory, n)).Length);
            Console.WriteLine($"{qualifiedTable}: {spec.Timeline.InitialRows} rows in {names.Count} objects, {bytes / 1e6:F1} MB gzip, " +
                $"{seconds:F2} s ({spec.Timeline.InitialRows / seconds:F0} rows/s wall, {spec.Timeline.InitialRows / cpuSeconds:F0} rows per CPU second)");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
