using System.Globalization;

namespace CanvasData2.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        bench/run [--rows N] [--memory-rows N] [--changes N] [--sync-rounds N] [--fan-tables N] [--fan-jobs-per-minute N]
                  [--skip init,sync,memory,fanout] [--output FILE] [--timeout-minutes N]
          --rows                rows of canvas.submissions for the init and sync benchmarks (default 1000000)
          --memory-rows         rows of the second init whose peak memory is compared with the first (default 4000000)
          --changes             changes of the sync benchmark: 80% updates, 10% inserts, 10% deletes (default 100000)
          --sync-rounds         sync rounds (fresh keys each); the medians are reported (default 3)
          --fan-tables          small tables of the fan-out benchmark (default 100)
          --fan-jobs-per-minute job-start pacing of the paced fan-out run (default 50: DAP's 5/min scaled 10x)
          --skip                benchmarks to leave out
          --output              results file (default bench/results/latest.md)
        """;

    public long Rows { get; init; } = 1_000_000;

    public long MemoryRows { get; init; } = 4_000_000;

    public int Changes { get; init; } = 100_000;

    public int SyncRounds { get; init; } = 3;

    public int FanTables { get; init; } = 100;

    public int FanJobsPerMinute { get; init; } = 50;

    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>();

    public string Output { get; init; } = Path.Combine("bench", "results", "latest.md");

    public int TimeoutMinutes { get; init; } = 30;

    public bool Help { get; init; }

    public bool Runs(string benchmark) => !Skip.Contains(benchmark);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            options = name switch
            {
                "--rows" => options with { Rows = Positive(name, value) },
                "--memory-rows" => options with { MemoryRows = Positive(name, value) },
                "--changes" => options with { Changes = (int)Positive(name, value) },
                "--sync-rounds" => options with { SyncRounds = (int)Positive(name, value) },
                "--fan-tables" => options with { FanTables = (int)Positive(name, value) },
                "--fan-jobs-per-minute" => options with { FanJobsPerMinute = (int)Positive(name, value) },
                "--skip" => options with { Skip = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--output" => options with { Output = value },
                "--timeout-minutes" => options with { TimeoutMinutes = (int)Positive(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    private static long Positive(string name, string value)
        => long.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Option {name} needs a positive whole number, not '{value}'.");
}
