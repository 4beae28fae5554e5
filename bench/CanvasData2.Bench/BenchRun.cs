namespace CanvasData2.Bench;

/// <summary>Runs the selected benchmarks in order on one PostgreSQL cluster and writes the report.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        Console.WriteLine($"Starting PostgreSQL ({(options.Tuned ? "bulk-load settings" : "default settings")})…");
        await using var db = await BenchDatabase.StartAsync(options.Tuned, ct);
        var version = await db.ScalarAsync<string>("postgres", "SHOW server_version", ct);
        var report = new Report(MachineFacts.Collect(version), options, db.Settings);

        if (options.Runs("fixed"))
        {
            Console.WriteLine("Fixed cost of one command");
            report.Fixed = await FixedCostBench.RunAsync(db, options.FixedRuns, ct);
        }

        if (options.Runs("init") || options.Runs("sync") || options.Runs("memory"))
        {
            Console.WriteLine($"Init of {InitBench.Qualified}, {options.Rows:N0} rows");
            const string database = "bench_init";
            await using var emulator = await InitBench.StartEmulatorAsync(options.Rows, ct);
            report.Init = await InitBench.RunAsync(db, database, emulator, options.Rows, ct);
            if (options.Runs("init"))
            {
                report.Baselines = await InitBench.RunBaselinesAsync(db, database, options.Rows, ct);
            }

            if (options.Runs("sync"))
            {
                Console.WriteLine($"Sync: {options.SyncRounds} round(s) of {options.SyncSteps} emulator step(s) into {options.Rows:N0} rows");
                report.Sync = await SyncBench.RunAsync(db, database, emulator, options.SyncSteps, options.SyncRounds, ct);
            }

            await db.DropDatabaseAsync(database, ct);
        }

        if (options.Runs("memory"))
        {
            Console.WriteLine($"Init of {InitBench.Qualified}, {options.MemoryRows:N0} rows (peak memory)");
            const string database = "bench_init_memory";
            await using var emulator = await InitBench.StartEmulatorAsync(options.MemoryRows, ct);
            report.MemoryInit = await InitBench.RunAsync(db, database, emulator, options.MemoryRows, ct);
            await db.DropDatabaseAsync(database, ct);
        }

        if (options.Runs("fanout"))
        {
            Console.WriteLine($"Fan-out: {options.FanTables} small tables through the orchestration");
            report.SecondsPerHop = await HopProbe.MeasureSecondsPerHopAsync(20, ct);
            Console.WriteLine($"  durable host: {report.SecondsPerHop * 1000:F0} ms per sequential activity call (empty activity)");
            report.FanOut = await FanOutBench.RunAsync(db, options.FanTables, null, ct);
            report.FanOutPaced = await FanOutBench.RunAsync(db, options.FanTables, options.FanJobsPerMinute, ct);
        }

        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, markdown, ct);
        Console.WriteLine($"Written to {options.Output}");
        return report.AllPassed ? 0 : 1;
    }
}
