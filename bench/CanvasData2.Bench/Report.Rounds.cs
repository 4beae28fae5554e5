using System.Text;

namespace CanvasData2.Bench;

/// <summary>Every round behind the medians of the results table.</summary>
internal sealed partial class Report
{
    private void RoundRows(StringBuilder text)
    {
        text.AppendLine().AppendLine("## Rounds").AppendLine();
        if (Fixed is { } f)
        {
            text.AppendLine(Invariant($"`cd2 syncdb` of an empty table, wall seconds in run order: {string.Join(", ", f.SyncRuns.Select(s => Invariant($"{s:F2}")))}.")).AppendLine();
        }

        foreach (var init in new[] { Init, NarrowInit }.OfType<InitMeasurement>().Where(i => i.Rounds.Any(r => r.Baselines is not null)))
        {
            text.AppendLine(Invariant($"`cd2 initdb` of {init.Rows:N0} rows of {init.Table.Qualified} ({init.Table.Columns} columns):")).AppendLine();
            text.AppendLine("| Round | Order | cd2 (engine) | `\\copy` into the keyed table | ratio | `\\copy`, then ADD PRIMARY KEY | ratio |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var r in init.Rounds)
            {
                text.AppendLine(Invariant($"| {r.Number} | {r.Order} | {r.Run.WallSeconds:F2} s ({r.Run.EngineSeconds:F2} s) | {r.Baselines!.IntoKeyedTable:F2} s | {r.KeyedRatio:F2} | {r.Baselines.ThenAddKey:F2} s | {r.KeyAfterRatio:F2} |"));
            }

            text.AppendLine();
        }

        if (Sync is { } sync)
        {
            foreach (var (rounds, kind) in new[] { (sync.Unique, "unique keys"), (sync.Repeated, "repeated keys") })
            {
                text.AppendLine(Invariant($"`cd2 syncdb`, {kind} (each round builds on the one before):")).AppendLine();
                text.AppendLine("| Round | Order | Changes (U / D / repeating) | cd2 (engine) | hand merge | ratio |").AppendLine("|---|---|---|---|---|---|");
                foreach (var r in rounds)
                {
                    var c = r.Changes;
                    text.AppendLine(Invariant($"| {r.Number} | {r.Order} | {c.Updates:N0} / {c.Deletes:N0} / {c.Repeated:N0} | {r.Run.WallSeconds:F2} s ({r.Run.EngineSeconds:F2} s) | {r.MergeSeconds:F2} s | {r.Ratio:F2} |"));
                }

                text.AppendLine();
            }
        }
    }
}
