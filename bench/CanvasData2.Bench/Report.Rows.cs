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

        Row(text, Invariant($"`cd2 syncdb` of an empty table, job complete at once (median of {f.Runs} runs, each below)"),
            Invariant($"{f.SyncSeconds:F2} s wall, {f.SyncCpuSeconds:F2} s CPU, {Mb(f.SyncPeakRssBytes):F0} MB"),
            Invariant($"{OfficialEmptySyncSeconds:F2} s the official Python client (issue 26's measurement, not this run: it cannot be installed here)"),
            Invariant($"{OfficialEmptySyncSeconds / f.SyncSeconds:F2}"), Invariant($"≥ 2.00 (≤ {FixedCostLimitSeconds:F2} s wall)"), f.SyncSeconds <= FixedCostLimitSeconds);
        Row(text, Invariant($"`cd2 --version` (median of {f.Runs})"), Invariant($"{f.VersionSeconds:F2} s"), "—", "—", "info", null);
        Row(text, "`cd2 initdb` of the same empty table (one run, the first of the process's kind)", Invariant($"{f.InitSeconds:F2} s"), "—", "—", "info", null);
        Row(text, "Inside a running refresh host: sync of a table without changes (emulator answers in milliseconds)",
            Invariant($"{f.InHostSeconds * 1000:F0} ms"), "—", "—", Invariant($"< {InHostLimitSeconds * 1000:F0} ms"), f.InHostSeconds < InHostLimitSeconds);
    }

    private void InitRows(StringBuilder text, InitMeasurement? init)
    {
        if (init is null)
        {
            return;
        }

        var median = init.Median;
        var run = median.Run;
        var engine = run.EngineSeconds is { } e ? Invariant($" (engine, staging → committed: {e:F2} s)") : "";
        var name = Invariant($"`cd2 initdb` {init.Rows:N0} rows of {init.Table.Qualified} ({init.Table.Columns} columns)");
        if (median.Baselines is { } b)
        {
            Row(text, Invariant($"{name}, median of {init.Rounds.Count} rounds, order alternated"),
                Invariant($"{run.WallSeconds:F2} s{engine}"),
                Invariant($"{b.IntoKeyedTable:F2} s `gunzip \\| psql \\copy` into a table with its primary key"),
                Invariant($"{median.KeyedRatio:F2}"), Invariant($"≥ {InitTarget:F2}"), median.KeyedRatio >= InitTarget);
            Row(text, Invariant($"{name}, against COPY then ADD PRIMARY KEY (as cd2 builds its key), median of {init.Rounds.Count} rounds"),
                "same rounds",
                "`gunzip \\| psql \\copy` into a table without key, then `ALTER TABLE … ADD PRIMARY KEY`",
                Invariant($"{init.MedianKeyAfterRatio:F2}"), "info", null);
        }
        else
        {
            Row(text, name, Invariant($"{run.WallSeconds:F2} s{engine}"), "—", "—", "info", null);
        }
    }

    private void SyncRows(StringBuilder text)
    {
        if (Sync is not { } sync)
        {
            return;
        }

        SyncRow(text, sync.Unique, "keys unique within the job");
        SyncRow(text, sync.Repeated, "a key in more than one row: cd2 leaves out the rows that a later row of their key supersedes (the hand merge deletes them with a grouping pass)");
    }

    private void SyncRow(StringBuilder text, IReadOnlyList<SyncRound> rounds, string kind)
    {
        if (rounds.Count == 0)
        {
            return;
        }

        var round = SyncMeasurement.Median(rounds);
        var engine = round.Run.EngineSeconds is { } e ? Invariant($" (engine, staging → committed: {e:F2} s)") : "";
        var changes = round.Changes;
        Row(text,
            Invariant($"`cd2 syncdb` of {changes.Total:N0} changes ({changes.Updates:N0} U, {changes.Deletes:N0} D; {changes.Repeated:N0} rows repeat a key) into {options.Rows:N0} rows; {kind}; median of {rounds.Count} rounds, order alternated; tables identical after each"),
            Invariant($"{round.Run.WallSeconds:F2} s{engine}"),
            Invariant($"{round.MergeSeconds:F2} s hand merge in one transaction (`\\copy` to a temp table, `INSERT … ON CONFLICT DO UPDATE`, `DELETE … USING`); both sides at `work_mem` {HandMerge.WorkMemMb} MB, JIT off"),
            Invariant($"{round.Ratio:F2}"), Invariant($"≥ {SyncTarget:F2}"), round.Ratio >= SyncTarget);
    }

    private void MemoryRows(StringBuilder text)
    {
        if (Init is not { } small)
        {
            return;
        }

        Row(text, Invariant($"Peak RSS of `cd2 initdb`, {small.Rows:N0} rows (largest of its rounds)"), Invariant($"{Mb(small.PeakRssBytes):F0} MB"), "—", "—",
            Invariant($"≤ {MemoryLimitMb:F0} MB"), Mb(small.PeakRssBytes) <= MemoryLimitMb);
        if (MemoryInit is { } large)
        {
            var run = large.Median.Run;
            Row(text, Invariant($"Peak RSS of `cd2 initdb`, {large.Rows:N0} rows"), Invariant($"{Mb(large.PeakRssBytes):F0} MB"), "—", "—",
                Invariant($"≤ {MemoryLimitMb:F0} MB"), Mb(large.PeakRssBytes) <= MemoryLimitMb);
            Row(text, Invariant($"`cd2 initdb` {large.Rows:N0} rows"), Invariant($"{run.WallSeconds:F1} s ({large.Rows / run.WallSeconds:N0} rows/s)"),
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
