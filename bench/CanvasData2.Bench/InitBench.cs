using CanvasData2.Emulator;

namespace CanvasData2.Bench;

/// <summary>A table the init benchmark loads: canvas.submissions is wide, canvas.accounts narrow.</summary>
internal sealed record InitTable(string Namespace, string Table, int Columns)
{
    public static InitTable Wide { get; } = new("canvas", "submissions", 48);

    public static InitTable Narrow { get; } = new("canvas", "accounts", 13);

    public string Qualified => $"{Namespace}.{Table}";
}

/// <summary>
/// <c>cd2 initdb</c> of a table from the emulator, the whole process timed, and the physical baselines on the same
/// rows: the first load dumped as gzip COPY text (not timed), then <c>gunzip -c | psql \copy</c> into an identical
/// table that has its primary key, and into one without it followed by <c>ADD PRIMARY KEY</c>. Each round runs both
/// sides, cd2 first in odd rounds and the baselines first in even ones; cd2 starts each of its rounds on a database
/// without its schemas.
/// </summary>
internal static class InitBench
{
    /// <summary>An emulator serving both init tables with <paramref name="rows"/> rows each; jobs complete as soon as their data exist.</summary>
    public static Task<EmulatorServer> StartEmulatorAsync(long rows, CancellationToken cancellationToken, double repeatedKeyShare = 0)
    {
        var options = new EmulatorOptions { Rows = rows, Port = 0, JobDelay = TimeSpan.Zero, RepeatedKeyShare = repeatedKeyShare };
        options.Tables.Add(InitTable.Wide.Qualified);
        options.Tables.Add(InitTable.Narrow.Qualified);
        return EmulatorServer.StartAsync(options, cancellationToken);
    }

    /// <summary>
    /// <paramref name="rounds"/> rounds of cd2 (and, with <paramref name="baselines"/>, both baselines) into
    /// <paramref name="database"/>; the last cd2 load stays there.
    /// </summary>
    public static async Task<InitMeasurement> RunAsync(
        BenchDatabase db, string database, EmulatorServer emulator, InitTable table, long rows, int rounds, bool baselines, CancellationToken cancellationToken)
    {
        var generation = await Prewarm.JobAsync(emulator, table.Namespace, table.Table, null, cancellationToken);
        Console.WriteLine($"  emulator generated {rows:N0} rows of {table.Qualified} in {generation.TotalSeconds:F1} s (not counted)");
        var connectionString = await db.CreateDatabaseAsync(database, cancellationToken);
        var dump = Path.Combine(Path.GetTempPath(), $"cd2-bench-{Guid.NewGuid():N}.copy.gz");
        var results = new List<InitRound>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                // Round 1 runs cd2 first: its table is what the baselines load.
                var cd2First = round % 2 == 1;
                var measured = cd2First || !baselines ? null : await BaselinesAsync(db, database, table, dump, rows, cancellationToken);
                var run = await Cd2InitAsync(db, database, connectionString, emulator, table, rows, cancellationToken);
                if (baselines && round == 1)
                {
                    await BenchDatabase.ShellAsync($"{db.Psql(database)} -c '\\copy {table.Qualified} to stdout' | gzip -1 > {dump}", cancellationToken);
                }

                measured ??= baselines ? await BaselinesAsync(db, database, table, dump, rows, cancellationToken) : null;
                var result = new InitRound(round, cd2First ? "cd2 first" : "baselines first", run, measured);
                Console.WriteLine($"    round {round} ({result.Order}): cd2 initdb {run.WallSeconds:F2} s (engine {run.EngineSeconds:F2} s), CPU {run.CpuSeconds:F2} s, peak RSS {run.PeakRssBytes / 1048576.0:F0} MB" +
                    (measured is { } m ? $"; \\copy into the keyed table {m.IntoKeyedTable:F2} s, then ADD PRIMARY KEY {m.ThenAddKey:F2} s; ratio {result.KeyedRatio:F2}" : ""));
                results.Add(result);
            }
        }
        finally
        {
            File.Delete(dump);
        }

        return new InitMeasurement(table, rows, results, generation);
    }

    /// <summary>cd2 initdb on the database without any of cd2's schemas (the baselines' schema stays).</summary>
    private static async Task<Cd2Run> Cd2InitAsync(
        BenchDatabase db, string database, string connectionString, EmulatorServer emulator, InitTable table, long rows, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, """
            DO $$
            DECLARE s text;
            BEGIN
              FOR s IN SELECT nspname FROM pg_namespace
                       WHERE nspname NOT IN ('public', 'bench', 'information_schema') AND nspname NOT LIKE 'pg\_%'
              LOOP
                EXECUTE format('DROP SCHEMA %I CASCADE', s);
              END LOOP;
            END $$;
            CHECKPOINT;
            """, cancellationToken);
        var run = await Cd2Process.RunAsync(emulator, connectionString, ["initdb", "--namespace", table.Namespace, "--table", table.Table, "--log-level", "information"], cancellationToken);
        var stored = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM {table.Qualified}", cancellationToken);
        return stored == rows ? run : throw new InvalidOperationException($"Init of {table.Qualified} stored {stored} rows, expected {rows}.");
    }

    /// <summary>Both baselines, each on a fresh empty copy of the table's definition, from one gzip dump.</summary>
    private static async Task<InitBaselines> BaselinesAsync(BenchDatabase db, string database, InitTable table, string dump, long rows, CancellationToken cancellationToken)
    {
        var keyed = await LoadAsync(db, database, table, dump, rows, "INCLUDING ALL", null, cancellationToken);
        var keyAfter = await LoadAsync(db, database, table, dump, rows, "INCLUDING ALL EXCLUDING INDEXES", "ALTER TABLE bench.copy_baseline ADD PRIMARY KEY (id)", cancellationToken);
        return new InitBaselines(keyed, keyAfter);
    }

    private static async Task<double> LoadAsync(BenchDatabase db, string database, InitTable table, string dump, long rows, string like, string? after, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"""
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.copy_baseline;
            CREATE TABLE bench.copy_baseline (LIKE {table.Qualified} {like});
            CHECKPOINT;
            """, cancellationToken);
        var then = after is null ? "" : $" && {db.Psql(database)} -c '{after}'";
        var elapsed = await BenchDatabase.ShellAsync($"gunzip -c {dump} | {db.Psql(database)} -c '\\copy bench.copy_baseline from stdin'{then}", cancellationToken);
        var stored = await db.ScalarAsync<long>(database, "SELECT count(*) FROM bench.copy_baseline", cancellationToken);
        if (stored != rows)
        {
            throw new InvalidOperationException($"The baseline COPY stored {stored} rows, expected {rows}.");
        }

        await db.ExecuteAsync(database, "DROP TABLE bench.copy_baseline; CHECKPOINT;", cancellationToken);
        return elapsed.TotalSeconds;
    }
}

/// <summary>Seconds of <c>gunzip | psql \copy</c> into a table with its primary key, and into one without followed by ADD PRIMARY KEY.</summary>
internal sealed record InitBaselines(double IntoKeyedTable, double ThenAddKey);

internal sealed record InitRound(int Number, string Order, Cd2Run Run, InitBaselines? Baselines)
{
    public double KeyedRatio => Baselines is { } b ? b.IntoKeyedTable / Run.WallSeconds : double.NaN;

    public double KeyAfterRatio => Baselines is { } b ? b.ThenAddKey / Run.WallSeconds : double.NaN;
}

internal sealed record InitMeasurement(InitTable Table, long Rows, IReadOnlyList<InitRound> Rounds, TimeSpan Generation)
{
    /// <summary>The round with the median ratio against the keyed baseline (the only round without baselines).</summary>
    public InitRound Median => Rounds.OrderBy(r => r.KeyedRatio).ElementAt(Rounds.Count / 2);

    public double MedianKeyAfterRatio => Rounds.Select(r => r.KeyAfterRatio).Order().ElementAt(Rounds.Count / 2);

    public long PeakRssBytes => Rounds.Max(r => r.Run.PeakRssBytes);
}
