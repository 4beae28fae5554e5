using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Model;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// <c>cd2 syncdb</c> of the changes the emulator makes in <c>steps</c> time steps (about 7 % of the keys per
/// step), the whole process timed, against the one-transaction hand merge of the very same change rows into an
/// identical copy of the table (<c>\copy</c> to a temp table, INSERT … ON CONFLICT DO UPDATE, DELETE … USING,
/// through psql). Rounds alternate which side goes first; after each round the two tables are compared row for row.
/// Then the same with repeated keys: a second emulator of the same data whose jobs also carry stale earlier rows of
/// a share of their keys, whose superseded rows both sides must leave out (cd2 by its key fingerprints, the hand merge by a grouping delete).
/// </summary>
internal static class SyncBench
{
    /// <summary>Share of the updated keys that the repeated-key rounds send twice.</summary>
    public const double RepeatedKeyShare = 0.1;

    public static async Task<SyncMeasurement> RunAsync(
        BenchDatabase db, string database, EmulatorServer emulator, EmulatorServer repeating, int steps, int rounds, CancellationToken cancellationToken)
    {
        await CloneTargetAsync(db, database, cancellationToken);
        var unique = new List<SyncRound>();
        for (var round = 1; round <= rounds; round++)
        {
            unique.Add(await RoundAsync(db, database, emulator, repeating, steps, round, repeatedKeys: false, cancellationToken));
        }

        var repeated = new List<SyncRound>();
        for (var round = 1; round <= rounds; round++)
        {
            repeated.Add(await RoundAsync(db, database, repeating, emulator, steps, round, repeatedKeys: true, cancellationToken));
        }

        await db.ExecuteAsync(database, "DROP SCHEMA bench CASCADE", cancellationToken);
        return new SyncMeasurement(unique, repeated);
    }

    /// <summary>One round of changes from <paramref name="source"/>; <paramref name="other"/> (same data) keeps the same time.</summary>
    private static async Task<SyncRound> RoundAsync(
        BenchDatabase db, string database, EmulatorServer source, EmulatorServer other, int steps, int round, bool repeatedKeys, CancellationToken cancellationToken)
    {
        var table = InitTable.Wide;
        source.AdvanceTime(steps);
        other.AdvanceTime(steps);
        var since = await Prewarm.SinceAsync(db, database, table.Namespace, table.Table, cancellationToken);
        var generation = await Prewarm.JobAsync(source, table.Namespace, table.Table, since, cancellationToken);
        var file = Path.Combine(Path.GetTempPath(), $"cd2-bench-changes-{Guid.NewGuid():N}.copy.gz");
        try
        {
            var changes = await ChangeRows.DumpAsync(db, database, source, since, file, cancellationToken);
            if (repeatedKeys != changes.Repeated > 0)
            {
                throw new InvalidOperationException($"Round {round} was to have {(repeatedKeys ? "" : "no ")}repeated keys; it has {changes.Repeated}.");
            }

            var cd2First = round % 2 == 1;
            Console.WriteLine($"  round {round}{(repeatedKeys ? " (repeated keys)" : "")}: {changes.Updates:N0} U / {changes.Deletes:N0} D, {changes.Repeated:N0} rows of a repeated key (emulator {generation.TotalSeconds:F1} s, not counted)");
            Cd2Run? run = null;
            double? merge = null;
            foreach (var cd2Turn in cd2First ? new[] { true, false } : [false, true])
            {
                // Before each timed step both tables are settled (a merge's changes would otherwise start autovacuum
                // during the other side's step) and checkpointed, so neither side pays for the other's work.
                await VacuumBothAsync(db, database, cancellationToken);
                await db.ExecuteAsync(database, "CHECKPOINT", cancellationToken);
                if (cd2Turn)
                {
                    run = await Cd2Process.RunAsync(source, db.ConnectionString(database), ["syncdb", "--namespace", table.Namespace, "--table", table.Table, "--log-level", "information"], cancellationToken);
                }
                else
                {
                    merge = await HandMerge.RunAsync(db, database, file, repeatedKeys, cancellationToken);
                }
            }

            var differing = await HandMerge.DifferingRowsAsync(db, database, cancellationToken);
            if (differing != 0)
            {
                throw new InvalidOperationException($"After round {round} the cd2 table and the hand-merged copy differ in {differing} rows.");
            }

            var measured = new SyncRound(round, cd2First ? "cd2 first" : "hand merge first", changes, run!, merge!.Value);
            Console.WriteLine($"    cd2 syncdb {run!.WallSeconds:F2} s (engine stage+commit {run.EngineSeconds:F2} s); hand merge {merge:F2} s; ratio {measured.Ratio:F2}; tables identical");
            return measured;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>An identical copy of the live table (each round vacuums both before it starts).</summary>
    private static async Task CloneTargetAsync(BenchDatabase db, string database, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"""
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE bench.merge_target (LIKE {InitTable.Wide.Qualified} INCLUDING ALL);
            INSERT INTO bench.merge_target SELECT * FROM {InitTable.Wide.Qualified};
            """, cancellationToken);
    }

    /// <summary>Both tables vacuumed and analyzed, as tables some time after their last change would be.</summary>
    private static async Task VacuumBothAsync(BenchDatabase db, string database, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"VACUUM (ANALYZE) {InitTable.Wide.Qualified}", cancellationToken);
        await db.ExecuteAsync(database, "VACUUM (ANALYZE) bench.merge_target", cancellationToken);
    }
}

/// <summary>The change rows of one incremental job as COPY text of the table's columns plus the action, gzip'd.</summary>
internal static class ChangeRows
{
    /// <summary>
    /// Loads the job's objects through the engine into a staging table of its own (not timed) and dumps them in
    /// job order: the same rows cd2 will apply, already in PostgreSQL's text form.
    /// </summary>
    public static async Task<ChangeCounts> DumpAsync(BenchDatabase db, string database, EmulatorServer emulator, DateTimeOffset since, string file, CancellationToken cancellationToken)
    {
        using var dap = DapClient.Create(EmulatorDap.Options(emulator));
        var job = await dap.StartQueryAsync(InitTable.Wide.Namespace, InitTable.Wide.Table, QueryRequest.Incremental(since), cancellationToken);
        var schema = await dap.GetSchemaAsync(InitTable.Wide.Namespace, InitTable.Wide.Table, cancellationToken);
        await using var engine = ReplicaEngine.Create(db.ConnectionString(database));
        var target = new StagingTarget(new TableName(InitTable.Wide.Namespace, InitTable.Wide.Table), "bench-" + job.Id, StagingKind.Changes);
        await engine.PrepareStagingAsync(target, schema, cancellationToken);
        try
        {
            var ordinal = 0;
            foreach (var objectId in job.ObjectIds ?? [])
            {
                await using var stream = await dap.OpenObjectAsync(objectId, cancellationToken);
                await engine.LoadObjectAsync(target, objectId, ordinal++, stream, cancellationToken);
            }

            var staging = await db.ScalarAsync<string>(database,
                $"SELECT staging_table FROM canvasdata2.staging_job WHERE job_id = '{target.JobId}'", cancellationToken);
            var columns = string.Join(", ", (await db.ColumnsAsync(database, InitTable.Wide.Namespace, InitTable.Wide.Table, cancellationToken)).Select(BenchDatabase.Quote));
            var select = $"SELECT {columns}, \"meta.action\" FROM canvasdata2.{BenchDatabase.Quote(staging)} ORDER BY \"meta.order\"";
            await BenchDatabase.ShellAsync($"{db.Psql(database)} -c '\\copy ({select.Replace("'", "'\\''", StringComparison.Ordinal)}) to stdout' | gzip -1 > {file}", cancellationToken);
            var updates = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM canvasdata2.{BenchDatabase.Quote(staging)} WHERE \"meta.action\" = 'U'", cancellationToken);
            var deletes = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM canvasdata2.{BenchDatabase.Quote(staging)} WHERE \"meta.action\" = 'D'", cancellationToken);
            var repeated = await db.ScalarAsync<long>(database, $"SELECT count(*) - count(DISTINCT id) FROM canvasdata2.{BenchDatabase.Quote(staging)}", cancellationToken);
            return new ChangeCounts(updates, deletes, repeated);
        }
        finally
        {
            await engine.DiscardStagingAsync(target, cancellationToken);
        }
    }
}

/// <summary>Change rows by action, and how many of them repeat an earlier row's key.</summary>
internal sealed record ChangeCounts(long Updates, long Deletes, long Repeated)
{
    public long Total => Updates + Deletes;
}

internal sealed record SyncRound(int Number, string Order, ChangeCounts Changes, Cd2Run Run, double MergeSeconds)
{
    /// <summary>Our speed relative to the hand merge (higher is better): merge seconds ÷ cd2 seconds.</summary>
    public double Ratio => MergeSeconds / Run.WallSeconds;
}

/// <summary>The rounds of unique and of repeated keys; each row reports its round with the median ratio.</summary>
internal sealed record SyncMeasurement(IReadOnlyList<SyncRound> Unique, IReadOnlyList<SyncRound> Repeated)
{
    public static SyncRound Median(IReadOnlyList<SyncRound> rounds) => rounds.OrderBy(r => r.Ratio).ElementAt(rounds.Count / 2);
}
