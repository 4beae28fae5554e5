namespace CanvasData2.Bench;

/// <summary>Runs the selected benchmarks in order on one PostgreSQL cluster and writes the report.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Starting PostgreSQL ({(options.Tuned ? "bulk-load settings" : "default settings")})…");
        await using var db = await BenchDatabase.StartAsync(options.Tuned, cancellationToken);
        var version = await db.ScalarAsync<string>("postgres", "SHOW server_version", cancellationToken);
        var report = new Report(MachineFacts.Collect(version), options, db.Settings);

        if (options.Runs("fixed"))
        {
            Console.WriteLine("Fixed cost of one command");
            report.Fixed = await FixedCostBench.RunAsync(db, options.FixedRuns, cancellationToken);
        }

        if (options.Runs("init") || options.Runs("sync") || options.Runs("memory"))
        {
            var rounds = options.Runs("init") ? options.Rounds : 1;
            Console.WriteLine($"Init of {InitTable.Wide.Qualified}, {options.Rows:N0} rows, {rounds} round(s)");
            const string database = "bench_init";
            await using var emulator = await InitBench.StartEmulatorAsync(options.Rows, cancellationToken);
            report.Init = await InitBench.RunAsync(db, database, emulator, InitTable.Wide, options.Rows, rounds, options.Runs("init"), cancellationToken);
            if (options.Runs("init"))
            {
                Console.WriteLine($"Init of {InitTable.Narrow.Qualified}, {options.Rows:N0} rows, {rounds} round(s)");
                report.NarrowInit = await InitBench.RunAsync(db, "bench_init_narrow", emulator, InitTable.Narrow, options.Rows, rounds, baselines: true, cancellationToken);
                await db.DropDatabaseAsync("bench_init_narrow", cancellationToken);
            }

            if (options.Runs("sync"))
            {
                Console.WriteLine($"Sync: {options.Rounds} round(s) of {options.SyncSteps} emulator step(s) into {options.Rows:N0} rows, then as many with repeated keys");
                await using var repeating = await InitBench.StartEmulatorAsync(options.Rows, cancellationToken, SyncBench.RepeatedKeyShare);
                report.Sync = await SyncBench.RunAsync(db, database, emulator, repeating, options.SyncSteps, options.Rounds, cancellationToken);
            }

            await db.DropDatabaseAsync(database, cancellationToken);
        }

        if (options.Runs("memory"))
        {
            Console.WriteLine($"Init of {InitTable.Wide.Qualified}, {options.MemoryRows:N0} rows (peak memory)");
            const string database = "bench_init_memory";
            await using var emulator = await InitBench.StartEmulatorAsync(options.MemoryRows, cancellationToken);
            report.MemoryInit = await InitBench.RunAsync(db, database, emulator, InitTable.Wide, options.MemoryRows, 1, baselines: false, cancellationToken);
            await db.DropDatabaseAsync(database, cancellationToken);
        }

        if (options.Runs("longlines"))
        {
            Console.WriteLine("Init of a table of very long lines (peak memory)");
            report.LongLines = await LongLineBench.RunAsync(db, cancellationToken);
        }

        if (options.Runs("store"))
        {
            Console.WriteLine($"Orchestration on the Azure Storage provider (Azurite): {options.FanTables} empty tables");
            report.DurableStore = await DurableStoreBench.RunAsync(db, options.FanTables, cancellationToken);
        }

        if (options.Runs("fanout"))
        {
            Console.WriteLine($"Fan-out: {options.FanTables} small tables through the orchestration");
            report.FanOut = await FanOutBench.RunAsync(db, options.FanTables, null, cancellationToken);
            report.FanOutPaced = await FanOutBench.RunAsync(db, options.FanTables, options.FanJobsPerMinute, cancellationToken);
        }

        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, markdown, cancellationToken);
        Console.WriteLine($"Written to {options.Output}");
        return report.AllPassed ? 0 : 1;
    }
}
