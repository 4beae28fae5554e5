using System.Diagnostics;
using CanvasData2.Dap;
using CanvasData2.Emulator;

namespace CanvasData2.Bench;

/// <summary>
/// Init of canvas.submissions from the emulator through the real refresh path (in a child process, so its peak
/// RSS is its own), and the physical baseline: the same rows as a local gzip COPY-text file piped into psql.
/// </summary>
internal static class InitBench
{
    public const string Namespace = "canvas";
    public const string Table = "submissions";
    public const string Qualified = "canvas.submissions";

    /// <summary>An emulator serving only canvas.submissions with <paramref name="rows"/> rows.</summary>
    public static Task<EmulatorServer> StartEmulatorAsync(long rows, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = rows, Port = 0 };
        options.Tables.Add(Qualified);
        return EmulatorServer.StartAsync(options, cancellationToken);
    }

    public static async Task<InitMeasurement> RunAsync(BenchDatabase db, string database, EmulatorServer emulator, long rows, CancellationToken cancellationToken)
    {
        var generation = await PrewarmAsync(emulator, cancellationToken);
        Console.WriteLine($"  emulator generated {rows:N0} rows in {generation.TotalSeconds:F1} s (not counted)");

        var connectionString = await db.CreateDatabaseAsync(database, cancellationToken);
        await db.ExecuteAsync("postgres", "CHECKPOINT", cancellationToken);
        var child = await ChildInit.RunChildAsync(emulator.BaseUrl, emulator.ClientId, emulator.ClientSecret, connectionString, Qualified, cancellationToken);
        var stored = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM {Namespace}.{Table}", cancellationToken);
        if (stored != rows)
        {
            throw new InvalidOperationException($"Init stored {stored} rows, expected {rows}.");
        }

        // The run summary counts upserts of syncs only; the stored row count is what the init loaded.
        child = child with { Rows = stored };

        Console.WriteLine($"  init: {rows:N0} rows in {child.Seconds:F1} s = {child.RowsPerSecond:N0} rows/s, peak RSS {child.PeakRssBytes / 1048576.0:F0} MB");
        return new InitMeasurement(child, generation);
    }

    /// <summary>
    /// Starts the snapshot job the refresh will ask for and waits until the emulator has written its objects:
    /// the refresh's identical query then returns this job, so the emulator's data generation is not timed.
    /// </summary>
    private static async Task<TimeSpan> PrewarmAsync(EmulatorServer emulator, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var dap = DapClient.Create(new DapClientOptions
        {
            BaseUrl = emulator.BaseUrl, ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, Pacing = false,
        });
        var job = await dap.StartQueryAsync(Namespace, Table, QueryRequest.Snapshot(), cancellationToken);
        while (!job.IsTerminal)
        {
            await Task.Delay(200, cancellationToken);
            job = await dap.GetJobAsync(job.Id, cancellationToken);
        }

        return job.Status == JobStatus.Complete ? clock.Elapsed : throw new InvalidOperationException($"Prewarm job {job.Id} ended {job.Status}.");
    }

    /// <summary>
    /// Dumps the loaded table as gzip COPY text (not timed), then times <c>gunzip -c | psql \copy</c> into an
    /// identical empty table (LIKE … INCLUDING ALL: same columns, types, primary key).
    /// </summary>
    public static async Task<BaselineMeasurement> RunBaselineAsync(BenchDatabase db, string database, long rows, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cd2-bench-{Guid.NewGuid():N}.copy.gz");
        try
        {
            var psql = db.Psql(database);
            await BenchDatabase.ShellAsync($"{psql} -c '\\copy {Namespace}.{Table} to stdout' | gzip -1 > {file}", cancellationToken);
            await db.ExecuteAsync(database, $"""
                CREATE SCHEMA IF NOT EXISTS bench;
                DROP TABLE IF EXISTS bench.copy_baseline;
                CREATE TABLE bench.copy_baseline (LIKE {Namespace}.{Table} INCLUDING ALL);
                CHECKPOINT;
                """, cancellationToken);
            var elapsed = await BenchDatabase.ShellAsync($"gunzip -c {file} | {psql} -c '\\copy bench.copy_baseline from stdin'", cancellationToken);
            var stored = await db.ScalarAsync<long>(database, "SELECT count(*) FROM bench.copy_baseline", cancellationToken);
            if (stored != rows)
            {
                throw new InvalidOperationException($"The baseline COPY stored {stored} rows, expected {rows}.");
            }

            await db.ExecuteAsync(database, "DROP TABLE bench.copy_baseline; CHECKPOINT;", cancellationToken);
            var measurement = new BaselineMeasurement(rows, elapsed.TotalSeconds, new FileInfo(file).Length);
            Console.WriteLine($"  baseline: gunzip | psql \\copy {rows:N0} rows in {measurement.Seconds:F1} s = {measurement.RowsPerSecond:N0} rows/s");
            return measurement;
        }
        finally
        {
            File.Delete(file);
        }
    }
}

internal sealed record InitMeasurement(ChildResult Child, TimeSpan Generation);

internal sealed record BaselineMeasurement(long Rows, double Seconds, long GzipBytes)
{
    public double RowsPerSecond => Rows / Seconds;
}
