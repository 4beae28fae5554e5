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
/// through psql). After each round the two tables are compared row for row.
/// </summary>
internal static class SyncBench
{
    public static async Task<SyncMeasurement> RunAsync(BenchDatabase db, string database, EmulatorServer emulator, int steps, int rounds, CancellationToken cancellationToken)
    {
        await CloneTargetAsync(db, database, cancellationToken);
        var results = new List<SyncRound>();
        for (var round = 0; round < rounds; round++)
        {
            emulator.AdvanceTime(steps);
            var since = await Prewarm.SinceAsync(db, database, InitBench.Namespace, InitBench.Table, cancellationToken);
            var generation = await Prewarm.JobAsync(emulator, InitBench.Namespace, InitBench.Table, since, cancellationToken);
            var file = Path.Combine(Path.GetTempPath(), $"cd2-bench-changes-{Guid.NewGuid():N}.copy.gz");
            try
            {
                var changes = await ChangeRows.DumpAsync(db, database, emulator, since, file, cancellationToken);
                Console.WriteLine($"  round {round + 1}: {changes.Updates:N0} U / {changes.Deletes:N0} D (emulator {generation.TotalSeconds:F1} s, not counted)");
                // Before each timed step both tables are settled (a merge's changes would otherwise start autovacuum
                // during the other side's step) and checkpointed, so neither side pays for the other's work.
                await VacuumBothAsync(db, database, cancellationToken);
                await db.ExecuteAsync(database, "CHECKPOINT", cancellationToken);
                var run = await Cd2Process.RunAsync(emulator, db.ConnectionString(database), ["syncdb", "--namespace", InitBench.Namespace, "--table", InitBench.Table, "--log-level", "information"], cancellationToken);
                await VacuumBothAsync(db, database, cancellationToken);
                await db.ExecuteAsync(database, "CHECKPOINT", cancellationToken);
                var merge = await HandMerge.RunAsync(db, database, file, cancellationToken);
                var differing = await HandMerge.DifferingRowsAsync(db, database, cancellationToken);
                if (differing != 0)
                {
                    throw new InvalidOperationException($"After round {round + 1} the cd2 table and the hand-merged copy differ in {differing} rows.");
                }

                var measured = new SyncRound(changes, run, merge);
                Console.WriteLine($"    cd2 syncdb {run.WallSeconds:F2} s (engine stage+commit {run.EngineSeconds:F2} s); hand merge {merge:F2} s; ratio {measured.Ratio:F2}; tables identical");
                results.Add(measured);
            }
            finally
            {
                File.Delete(file);
            }
        }

        await db.ExecuteAsync(database, "DROP SCHEMA bench CASCADE", cancellationToken);
        var median = results.OrderBy(r => r.Ratio).ElementAt(results.Count / 2);
        return new SyncMeasurement(median, results.Count);
    }

    /// <summary>An identical copy of the live table (each round vacuums both before it starts).</summary>
    private static async Task CloneTargetAsync(BenchDatabase db, string database, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"""
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE bench.merge_target (LIKE {InitBench.Qualified} INCLUDING ALL);
            INSERT INTO bench.merge_target SELECT * FROM {InitBench.Qualified};
            """, cancellationToken);
    }

    /// <summary>Both tables vacuumed and analyzed, as tables some time after their last change would be.</summary>
    private static async Task VacuumBothAsync(BenchDatabase db, string database, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(database, $"VACUUM (ANALYZE) {InitBench.Qualified}", cancellationToken);
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
        var job = await dap.StartQueryAsync(InitBench.Namespace, InitBench.Table, QueryRequest.Incremental(since), cancellationToken);
        var schema = await dap.GetSchemaAsync(InitBench.Namespace, InitBench.Table, cancellationToken);
        await using var engine = ReplicaEngine.Create(db.ConnectionString(database));
        var target = new StagingTarget(new TableName(InitBench.Namespace, InitBench.Table), "bench-" + job.Id, StagingKind.Changes);
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
            var columns = string.Join(", ", (await db.ColumnsAsync(database, InitBench.Namespace, InitBench.Table, cancellationToken)).Select(BenchDatabase.Quote));
            var select = $"SELECT {columns}, \"meta.action\" FROM canvasdata2.{BenchDatabase.Quote(staging)} ORDER BY \"meta.order\"";
            await BenchDatabase.ShellAsync($"{db.Psql(database)} -c '\\copy ({select.Replace("'", "'\\''", StringComparison.Ordinal)}) to stdout' | gzip -1 > {file}", cancellationToken);
            var updates = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM canvasdata2.{BenchDatabase.Quote(staging)} WHERE \"meta.action\" = 'U'", cancellationToken);
            var deletes = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM canvasdata2.{BenchDatabase.Quote(staging)} WHERE \"meta.action\" = 'D'", cancellationToken);
            return new ChangeCounts(updates, deletes);
        }
        finally
        {
            await engine.DiscardStagingAsync(target, cancellationToken);
        }
    }
}

internal sealed record ChangeCounts(long Updates, long Deletes)
{
    public long Total => Updates + Deletes;
}

internal sealed record SyncRound(ChangeCounts Changes, Cd2Run Run, double MergeSeconds)
{
    /// <summary>Our speed relative to the hand merge (higher is better): merge seconds ÷ cd2 seconds.</summary>
    public double Ratio => MergeSeconds / Run.WallSeconds;
}

/// <summary>The round with the median ratio.</summary>
internal sealed record SyncMeasurement(SyncRound Median, int Rounds);
