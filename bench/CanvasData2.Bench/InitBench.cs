using CanvasData2.Emulator;

namespace CanvasData2.Bench;

/// <summary>
/// <c>cd2 initdb</c> of canvas.submissions from the emulator, the whole process timed, and the physical
/// baselines on the same rows: the loaded table dumped as gzip COPY text (not timed), then
/// <c>gunzip -c | psql \copy</c> into an identical table that has its primary key, and into one without it
/// followed by <c>ADD PRIMARY KEY</c>.
/// </summary>
internal static class InitBench
{
    public const string Namespace = "canvas";
    public const string Table = "submissions";
    public const string Qualified = "canvas.submissions";

    /// <summary>An emulator serving only canvas.submissions with <paramref name="rows"/> rows; jobs complete as soon as their data exist.</summary>
    public static Task<EmulatorServer> StartEmulatorAsync(long rows, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = rows, Port = 0, JobDelay = TimeSpan.Zero };
        options.Tables.Add(Qualified);
        return EmulatorServer.StartAsync(options, cancellationToken);
    }

    public static async Task<InitMeasurement> RunAsync(BenchDatabase db, string database, EmulatorServer emulator, long rows, CancellationToken cancellationToken)
    {
        var generation = await Prewarm.JobAsync(emulator, Namespace, Table, null, cancellationToken);
        Console.WriteLine($"  emulator generated {rows:N0} rows in {generation.TotalSeconds:F1} s (not counted)");

        var connectionString = await db.CreateDatabaseAsync(database, cancellationToken);
        await db.ExecuteAsync("postgres", "CHECKPOINT", cancellationToken);
        var run = await Cd2Process.RunAsync(emulator, connectionString, ["initdb", "--namespace", Namespace, "--table", Table, "--log-level", "information"], cancellationToken);
        var stored = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM {Qualified}", cancellationToken);
        if (stored != rows)
        {
            throw new InvalidOperationException($"Init stored {stored} rows, expected {rows}.");
        }

        Console.WriteLine($"  cd2 initdb: {rows:N0} rows in {run.WallSeconds:F2} s (engine {run.EngineSeconds:F2} s), CPU {run.CpuSeconds:F2} s, peak RSS {run.PeakRssBytes / 1048576.0:F0} MB");
        return new InitMeasurement(rows, run, generation);
    }

    /// <summary>Both baselines, each on a fresh empty copy of the table's definition, from one gzip dump.</summary>
    public static async Task<InitBaselines> RunBaselinesAsync(BenchDatabase db, string database, long rows, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cd2-bench-{Guid.NewGuid():N}.copy.gz");
        try
        {
            var psql = db.Psql(database);
            await BenchDatabase.ShellAsync($"{psql} -c '\\copy {Qualified} to stdout' | gzip -1 > {file}", cancellationToken);
            var withKey = await LoadAsync(db, database, file, rows, "INCLUDING ALL", null, cancellationToken);
            var keyAfter = await LoadAsync(db, database, file, rows, "INCLUDING ALL EXCLUDING INDEXES", "ALTER TABLE bench.copy_baseline ADD PRIMARY KEY (id)", cancellationToken);
            Console.WriteLine($"  baseline gunzip | psql \\copy: into a table with its key {withKey:F2} s; then ADD PRIMARY KEY {keyAfter:F2} s");
            return new InitBaselines(withKey, keyAfter);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<double> LoadAsync(BenchDatabase db, string database, string file, long rows, string like, string? after, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"""
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.copy_baseline;
            CREATE TABLE bench.copy_baseline (LIKE {Qualified} {like});
            CHECKPOINT;
            """, cancellationToken);
        var then = after is null ? "" : $" && {db.Psql(database)} -c '{after}'";
        var elapsed = await BenchDatabase.ShellAsync($"gunzip -c {file} | {db.Psql(database)} -c '\\copy bench.copy_baseline from stdin'{then}", cancellationToken);
        var stored = await db.ScalarAsync<long>(database, "SELECT count(*) FROM bench.copy_baseline", cancellationToken);
        if (stored != rows)
        {
            throw new InvalidOperationException($"The baseline COPY stored {stored} rows, expected {rows}.");
        }

        await db.ExecuteAsync(database, "DROP TABLE bench.copy_baseline; CHECKPOINT;", cancellationToken);
        return elapsed.TotalSeconds;
    }
}

internal sealed record InitMeasurement(long Rows, Cd2Run Run, TimeSpan Generation);

/// <summary>Seconds of <c>gunzip | psql \copy</c> into a table with its primary key, and into one without followed by ADD PRIMARY KEY.</summary>
internal sealed record InitBaselines(double IntoKeyedTable, double ThenAddKey);
