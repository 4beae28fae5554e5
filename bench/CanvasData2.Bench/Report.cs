using System.Globalization;
using System.Text;

namespace CanvasData2.Bench;

/// <summary>The results table (PASS/FAIL per target) and the machine facts, as Markdown.</summary>
internal sealed partial class Report(MachineFacts facts, BenchOptions options, IReadOnlyDictionary<string, string> settings)
{
    public const double InitTarget = 1.0;
    public const double SyncTarget = 1.0;

    /// <summary>
    /// The official Python client's <c>syncdb</c> of an empty table, as issue 26 measured it: it cannot be installed
    /// on this machine (no access to its package index), so this reference is not from the same run.
    /// </summary>
    public const double OfficialEmptySyncSeconds = 0.92;

    /// <summary>Half the official client's fixed cost.</summary>
    public const double FixedCostLimitSeconds = OfficialEmptySyncSeconds / 2;
    public const double InHostLimitSeconds = 0.2;
    public const double MemoryLimitMb = 300;

    /// <summary>The fixed cost (~130 MB) + four loads' fixed buffers + one long line's conversion within the load budget.</summary>
    public const double LongLineMemoryLimitMb = 512;

    private readonly List<bool> _verdicts = [];

    public FixedCostMeasurement? Fixed { get; set; }

    public InitMeasurement? Init { get; set; }

    public InitMeasurement? NarrowInit { get; set; }

    public SyncMeasurement? Sync { get; set; }

    public InitMeasurement? MemoryInit { get; set; }

    public LongLineMeasurement? LongLines { get; set; }

    public DurableStoreMeasurement? DurableStore { get; set; }

    public FanOutMeasurement? FanOut { get; set; }

    public FanOutMeasurement? FanOutPaced { get; set; }

    public bool AllPassed => _verdicts.All(v => v);

    public string ToMarkdown()
    {
        _verdicts.Clear();
        var text = new StringBuilder();
        text.AppendLine("# CanvasData2 benchmark results").AppendLine();
        text.AppendLine(Invariant($"Run {facts.Date:yyyy-MM-dd HH:mm} UTC by `bench/run {string.Join(' ', options.Arguments)}` (see bench/README.md), "))
            .AppendLine(settings.Count == 0 ? "PostgreSQL on its **default settings**." : "PostgreSQL on **tuned bulk-load settings** (listed below).");
        text.AppendLine("Every `cd2` figure is the whole process as a user waits for it (`/usr/bin/time`); ratios are baseline ÷ ours, so higher is better.");
        text.AppendLine().AppendLine("| Benchmark | Measured | Reference (same rows, same run) | Ratio | Target | Result |").AppendLine("|---|---|---|---|---|---|");
        FixedRows(text);
        InitRows(text, Init);
        InitRows(text, NarrowInit);
        SyncRows(text);
        MemoryRows(text);
        LongLineRows(text);
        DurableStoreRows(text);
        FanOutRows(text);
        RoundRows(text);

        text.AppendLine().AppendLine("## Machine").AppendLine();
        text.AppendLine(Invariant($"- CPU: {facts.Cpu}, {facts.Cores} cores; RAM {facts.RamGiB:F1} GiB"));
        text.AppendLine(Invariant($"- OS: {facts.Os}; {facts.DotNet}; PostgreSQL {facts.Postgres}"));
        text.AppendLine("- PostgreSQL settings: " + (settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => $"`{s.Key}={s.Value}`"))));
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

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
