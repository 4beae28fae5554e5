using System.Globalization;
using System.Text;

namespace CanvasData2.Bench;

/// <summary>The results table (PASS/FAIL per target) and the machine facts, as Markdown.</summary>
internal sealed class Report(MachineFacts facts, BenchOptions options)
{
    public const double InitTarget = 0.85;
    public const double SyncTarget = 1.5;
    public const double MemoryLimitMb = 300;
    public const double MemoryFlatness = 1.25;

    private readonly List<bool> _verdicts = [];

    public InitMeasurement? Init { get; set; }

    public BaselineMeasurement? Baseline { get; set; }

    public SyncMeasurement? Sync { get; set; }

    public InitMeasurement? MemoryInit { get; set; }

    public FanOutMeasurement? FanOut { get; set; }

    public FanOutMeasurement? FanOutPaced { get; set; }

    public double? SecondsPerHop { get; set; }

    public bool AllPassed => _verdicts.All(v => v);

    public string ToMarkdown()
    {
        _verdicts.Clear();
        var text = new StringBuilder();
        text.AppendLine("# CanvasData2 benchmark results").AppendLine();
        text.AppendLine(Invariant($"Run {facts.Date:yyyy-MM-dd HH:mm} UTC by `bench/run` (see bench/README.md)."));
        text.AppendLine().AppendLine("| Benchmark | Measured | Reference | Ratio | Target | Result |").AppendLine("|---|---|---|---|---|---|");
        if (Init is not null && Baseline is not null)
        {
            var ratio = Init.Child.RowsPerSecond / Baseline.RowsPerSecond;
            Row(text, Invariant($"Init {Init.Child.Rows:N0} rows canvas.submissions (query → COPY → commit)"),
                Invariant($"{Init.Child.RowsPerSecond:N0} rows/s ({Init.Child.Seconds:F1} s)"),
                Invariant($"{Baseline.RowsPerSecond:N0} rows/s ({Baseline.Seconds:F1} s) `gunzip \\| psql \\copy`"),
                Invariant($"{ratio:F2}"), Invariant($"≥ {InitTarget:F2}"), ratio >= InitTarget);
        }

        if (Sync is not null)
        {
            Row(text, Invariant($"Sync {Sync.Changes.Total:N0} changes ({Sync.Changes.Updated:N0} U / {Sync.Changes.Inserted:N0} I / {Sync.Changes.Deleted:N0} D) into {options.Rows:N0} rows: commit, median of {Sync.Rounds}"),
                Invariant($"{Sync.CommitSeconds:F2} s"), Invariant($"{Sync.MergeSeconds:F2} s best-case SQL merge"),
                Invariant($"{Sync.Ratio:F2}"), Invariant($"≤ {SyncTarget:F1}"), Sync.Ratio <= SyncTarget);
            Row(text, "Sync: staging the change object (prepare + download-free COPY)", Invariant($"{Sync.StageSeconds:F2} s"), "—",
                "—", "info", null);
        }

        if (Init is not null && MemoryInit is not null)
        {
            var small = Mb(Init.Child.PeakRssBytes);
            var large = Mb(MemoryInit.Child.PeakRssBytes);
            var ratio = large / small;
            Row(text, Invariant($"Peak RSS of the init process, {MemoryInit.Child.Rows:N0} vs {Init.Child.Rows:N0} rows"),
                Invariant($"{large:F0} MB"), Invariant($"{small:F0} MB"), Invariant($"{ratio:F2}"),
                Invariant($"flat (≤ {MemoryFlatness:F2}×), ≤ {MemoryLimitMb:F0} MB"), ratio <= MemoryFlatness && large <= MemoryLimitMb);
            Row(text, Invariant($"Init {MemoryInit.Child.Rows:N0} rows throughput"), Invariant($"{MemoryInit.Child.RowsPerSecond:N0} rows/s ({MemoryInit.Child.Seconds:F1} s)"),
                "—", "—", "info", null);
        }

        if (SecondsPerHop is { } hop)
        {
            Row(text, "In-process durable host: one empty activity call (floor of every orchestration step)", Invariant($"{hop * 1000:F0} ms"), "—", "—", "info", null);
        }

        if (FanOut is not null)
        {
            Row(text, Invariant($"Fan-out {FanOut.Tables} small tables, pacing off{Failures(FanOut)}"), Invariant($"{FanOut.Seconds:F1} s"), "—", "—",
                Invariant($"all tables succeed; info: {FanOut.SecondsPerTable * 1000:F0} ms per table"), FanOut.Failed == 0);
        }

        if (FanOutPaced is not null && FanOut is not null)
        {
            var floor = FanOutPaced.FloorSeconds ?? 0;
            Row(text, Invariant($"Fan-out {FanOutPaced.Tables} small tables, pacing on ({FanOutPaced.JobsPerMinute} jobs/min){Failures(FanOutPaced)}"),
                Invariant($"{FanOutPaced.Seconds:F1} s"), Invariant($"{floor:F0} s pacing floor"), Invariant($"{FanOutPaced.Seconds / Math.Max(floor, 1):F2}"),
                Invariant($"≤ floor + unpaced ({floor + FanOut.Seconds:F0} s)"), FanOutPaced.Failed == 0 && FanOutPaced.Seconds <= floor + FanOut.Seconds);
        }

        text.AppendLine().AppendLine("## Machine").AppendLine();
        text.AppendLine(Invariant($"- CPU: {facts.Cpu}, {facts.Cores} cores; RAM {facts.RamGiB:F1} GiB"));
        text.AppendLine(Invariant($"- OS: {facts.Os}; {facts.DotNet}; PostgreSQL {facts.Postgres}"));
        text.AppendLine("- PostgreSQL settings: " + string.Join(", ", BenchDatabase.Settings.Select(s => $"`{s.Key}={s.Value}`")));
        text.AppendLine(Invariant($"- Date: {facts.Date:yyyy-MM-dd HH:mm:ss} UTC"));
        return text.ToString();
    }

    private void Row(StringBuilder text, string name, string measured, string reference, string ratio, string target, bool? pass)
    {
        if (pass is { } verdict)
        {
            _verdicts.Add(verdict);
        }

        var result = pass switch { true => "**PASS**", false => "**FAIL**", null => "—" };
        text.AppendLine($"| {name} | {measured} | {reference} | {ratio} | {target} | {result} |");
    }

    private static string Failures(FanOutMeasurement run)
        => run.Failed == 0 ? "" : Invariant($" — {run.Failed} failed: {run.FirstError?.Replace("|", "/", StringComparison.Ordinal)}");

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
