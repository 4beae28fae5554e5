using System.Globalization;

namespace CanvasData2.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        bench/run [--rows N] [--memory-rows N] [--sync-steps N] [--rounds N] [--fixed-runs N] [--fan-tables N]
                  [--fan-jobs-per-minute N] [--skip init,sync,memory,longlines,store,fixed,fanout] [--tuned] [--output FILE] [--timeout-minutes N]
          --rows                rows of canvas.submissions and canvas.accounts for the init and sync benchmarks (default 1000000)
          --memory-rows         rows of the second init whose peak memory is compared with the first (default 4000000)
          --sync-steps          emulator time steps per sync round, ~7% of the keys change per step (default 3: ~20%)
          --rounds              rounds of each init and sync benchmark, the two sides' order alternating; the median ratio is reported (default 5)
          --fixed-runs          runs of the fixed-cost commands; medians are reported (default 5)
          --tuned               PostgreSQL with bulk-load settings instead of its defaults (named in the report)
          --fan-tables          small tables of the fan-out benchmark (default 100)
          --fan-jobs-per-minute job-start pacing of the paced fan-out run (default 50: DAP's 5/min scaled 10x)
          --skip                benchmarks to leave out
          --output              results file (default bench/results/latest.md)
        """;

    public long Rows { get; init; } = 1_000_000;

    public long MemoryRows { get; init; } = 4_000_000;

    public int SyncSteps { get; init; } = 3;

    public int FixedRuns { get; init; } = 5;

    public bool Tuned { get; init; }

    public int Rounds { get; init; } = 5;

    public int FanTables { get; init; } = 100;

    public int FanJobsPerMinute { get; init; } = 50;

    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>();

    public string Output { get; init; } = Path.Combine("bench", "results", "latest.md");

    public int TimeoutMinutes { get; init; } = 30;

    public bool Help { get; init; }

    /// <summary>The command line as given, for the report.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public bool Runs(string benchmark) => !Skip.Contains(benchmark);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions { Arguments = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            if (name == "--tuned")
            {
                options = options with { Tuned = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            options = name switch
            {
                "--rows" => options with { Rows = Positive(name, value) },
                "--memory-rows" => options with { MemoryRows = Positive(name, value) },
                "--sync-steps" => options with { SyncSteps = (int)Positive(name, value) },
                "--fixed-runs" => options with { FixedRuns = (int)Positive(name, value) },
                "--rounds" => options with { Rounds = (int)Positive(name, value) },
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
