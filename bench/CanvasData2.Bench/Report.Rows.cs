using System.Text;

namespace CanvasData2.Bench;

internal sealed partial class Report
{
    private void FixedRows(StringBuilder text)
    {
        if (Fixed is not { } f)
        {
            return;
        }

        Row(text, Invariant($"`cd2 syncdb` of an empty table, job complete at once (median of {f.Runs})"),
            Invariant($"{f.SyncSeconds:F2} s wall, {f.SyncCpuSeconds:F2} s CPU, {Mb(f.SyncPeakRssBytes):F0} MB"), "—", "—",
            Invariant($"≤ {FixedCostLimitSeconds:F2} s wall"), f.SyncSeconds <= FixedCostLimitSeconds);
        Row(text, Invariant($"`cd2 --version` (median of {f.Runs})"), Invariant($"{f.VersionSeconds:F2} s"), "—", "—", "info", null);
        Row(text, "`cd2 initdb` of the same empty table (one run, the first of the process's kind)", Invariant($"{f.InitSeconds:F2} s"), "—", "—", "info", null);
        Row(text, "Inside a running refresh host: sync of a table without changes (emulator answers in milliseconds)",
            Invariant($"{f.InHostSeconds * 1000:F0} ms"), "—", "—", Invariant($"< {InHostLimitSeconds * 1000:F0} ms"), f.InHostSeconds < InHostLimitSeconds);
    }

    private void InitRows(StringBuilder text)
    {
        if (Init is not { } init)
        {
            return;
        }

        var run = init.Run;
        var engine = run.EngineSeconds is { } e ? Invariant($" (engine, staging → committed: {e:F2} s)") : "";
        if (Baselines is { } b)
        {
            var ratio = b.IntoKeyedTable / run.WallSeconds;
            Row(text, Invariant($"`cd2 initdb` {init.Rows:N0} rows of canvas.submissions (48 columns)"),
                Invariant($"{run.WallSeconds:F2} s{engine}"),
                Invariant($"{b.IntoKeyedTable:F2} s `gunzip \\| psql \\copy` into a table with its primary key"),
                Invariant($"{ratio:F2}"), Invariant($"≥ {InitTarget:F2}"), ratio >= InitTarget);
            Row(text, "`cd2 initdb`, against COPY then ADD PRIMARY KEY", Invariant($"{run.WallSeconds:F2} s"),
                Invariant($"{b.ThenAddKey:F2} s `gunzip \\| psql \\copy` into a table without key, then `ADD PRIMARY KEY`"),
                Invariant($"{b.ThenAddKey / run.WallSeconds:F2}"), "info", null);
        }
        else
        {
            Row(text, Invariant($"`cd2 initdb` {init.Rows:N0} rows"), Invariant($"{run.WallSeconds:F2} s{engine}"), "—", "—", "info", null);
        }
    }

    private void SyncRows(StringBuilder text)
    {
        if (Sync is not { } sync)
        {
            return;
        }

        var round = sync.Median;
        var engine = round.Run.EngineSeconds is { } e ? Invariant($" (engine, staging → committed: {e:F2} s)") : "";
        Row(text,
            Invariant($"`cd2 syncdb` of {round.Changes.Total:N0} changes ({round.Changes.Updates:N0} U, {round.Changes.Deletes:N0} D) into {options.Rows:N0} rows, median of {sync.Rounds} round(s); tables identical after each"),
            Invariant($"{round.Run.WallSeconds:F2} s{engine}"),
            Invariant($"{round.MergeSeconds:F2} s hand merge in one transaction (`\\copy` to a temp table, `INSERT … ON CONFLICT DO UPDATE`, `DELETE … USING`)"),
            Invariant($"{round.Ratio:F2}"), Invariant($"≥ {SyncTarget:F2}"), round.Ratio >= SyncTarget);
    }

    private void MemoryRows(StringBuilder text)
    {
        if (Init is not { } small)
        {
            return;
        }

        Row(text, Invariant($"Peak RSS of `cd2 initdb`, {small.Rows:N0} rows"), Invariant($"{Mb(small.Run.PeakRssBytes):F0} MB"), "—", "—",
            Invariant($"≤ {MemoryLimitMb:F0} MB"), Mb(small.Run.PeakRssBytes) <= MemoryLimitMb);
        if (MemoryInit is { } large)
        {
            Row(text, Invariant($"Peak RSS of `cd2 initdb`, {large.Rows:N0} rows"), Invariant($"{Mb(large.Run.PeakRssBytes):F0} MB"), "—", "—",
                Invariant($"≤ {MemoryLimitMb:F0} MB"), Mb(large.Run.PeakRssBytes) <= MemoryLimitMb);
            Row(text, Invariant($"`cd2 initdb` {large.Rows:N0} rows"), Invariant($"{large.Run.WallSeconds:F1} s ({large.Rows / large.Run.WallSeconds:N0} rows/s)"),
                "—", "—", "info", null);
        }
    }

    private void LongLineRows(StringBuilder text)
    {
        if (LongLines is not { } run)
        {
            return;
        }

        Row(text, Invariant($"Peak RSS of `cd2 initdb`, {run.Rows} lines of {run.TextBytes >> 20} MB text + {run.ArrayItems:N0}-element array, {run.Objects} objects loaded at once"),
            Invariant($"{Mb(run.Run.PeakRssBytes):F0} MB ({run.Run.WallSeconds:F1} s)"), "—", "—",
            Invariant($"≤ {LongLineMemoryLimitMb:F0} MB"), Mb(run.Run.PeakRssBytes) <= LongLineMemoryLimitMb);
    }

    private void DurableStoreRows(StringBuilder text)
    {
        if (DurableStore is not { } run)
        {
            return;
        }

        Row(text, Invariant($"Refresh of {run.Tables} empty tables on the Azure Storage provider (Azurite), in one process"),
            Invariant($"{run.AzureStorageSeconds:F1} s, {run.StorageRequests:N0} storage requests ({run.StorageRequests / (double)run.Tables:F0} per table)"),
            Invariant($"{run.InMemorySeconds:F1} s on the in-memory store"), Invariant($"{run.InMemorySeconds / run.AzureStorageSeconds:F2}"), "info", null);
    }

    private void FanOutRows(StringBuilder text)
    {
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
    }

    private static string Failures(FanOutMeasurement run)
        => run.Failed == 0 ? "" : Invariant($" — {run.Failed} failed: {run.FirstError?.Replace("|", "/", StringComparison.Ordinal)}");
}
