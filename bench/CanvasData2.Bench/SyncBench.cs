using System.Diagnostics;
using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Replication;
using Npgsql;

namespace CanvasData2.Bench;

/// <summary>
/// Applies one incremental object of <c>changes</c> rows to the initialized table through the engine
/// (PrepareStaging, LoadObject, CommitSync), and the same staged rows to an identical copy of the table with a
/// hand-written best-case merge (INSERT … ON CONFLICT DO UPDATE, DELETE … USING) in one transaction.
/// </summary>
internal static class SyncBench
{
    private const string JobId = "bench-sync";

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds, each with fresh keys, applying the same changes to the live table
    /// (engine) and its copy (merge), so both stay identical. The medians damp the noise of a shared machine.
    /// </summary>
    public static async Task<SyncMeasurement> RunAsync(BenchDatabase db, string database, EmulatorServer emulator, int changes, int rounds, CancellationToken ct)
    {
        using var dap = DapClient.Create(new DapClientOptions
        {
            BaseUrl = emulator.BaseUrl, ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, Pacing = false,
        });
        var snapshot = await dap.StartQueryAsync(InitBench.Namespace, InitBench.Table, QueryRequest.Snapshot(), ct);
        var schema = await dap.GetSchemaAsync(InitBench.Namespace, InitBench.Table, ct);
        await CloneTargetAsync(db, database, ct);
        await using var engine = ReplicaEngine.Create(db.ConnectionString(database));
        var results = new List<SyncMeasurement>();
        for (var round = 0; round < rounds; round++)
        {
            var file = Path.Combine(Path.GetTempPath(), $"cd2-bench-changes-{Guid.NewGuid():N}.tsv");
            try
            {
                var counts = await ChangeFile.WriteAsync(dap, snapshot, changes, (long)round * changes, file, ct);
                results.Add(await RunRoundAsync(db, database, engine, schema, counts, file, round, ct));
            }
            finally
            {
                File.Delete(file);
            }
        }

        await db.ExecuteAsync(database, "DROP SCHEMA bench CASCADE", ct);
        return new SyncMeasurement(
            results[0].Changes, Median(results.Select(r => r.StageSeconds)), Median(results.Select(r => r.CommitSeconds)),
            Median(results.Select(r => r.MergeSeconds)), rounds);
    }

    private static async Task<SyncMeasurement> RunRoundAsync(
        BenchDatabase db, string database, ReplicaEngine engine, TableSchema schema, ChangeCounts counts, string file, int round, CancellationToken ct)
    {
        var table = new TableName(InitBench.Namespace, InitBench.Table);
        var since = (await engine.PlanAsync(table, ct)) is SyncFrom from ? from.Since : throw new InvalidOperationException("The table was not initialized.");
        var target = new StagingTarget(table, $"{JobId}-{round}", StagingKind.Changes);

        var clock = Stopwatch.StartNew();
        await engine.PrepareStagingAsync(target, schema, ct);
        await using (var tsv = File.OpenRead(file))
        {
            await engine.LoadObjectAsync(target, "changes", 0, tsv, ct);
        }

        var load = clock.Elapsed;
        var staging = await CopyStagingAsync(db, database, target.JobId, ct);

        clock.Restart();
        var commit = await engine.CommitSyncAsync(target, since, since.AddHours(1), ct);
        var commitTime = clock.Elapsed;
        if (commit.Outcome != CommitOutcome.Committed || commit.RowsDeleted != counts.Deleted || commit.RowsUpserted != counts.Updated + counts.Inserted)
        {
            throw new InvalidOperationException($"Engine commit: {commit}");
        }

        await db.ExecuteAsync(database, "CHECKPOINT", ct);
        var merge = await MergeAsync(db, database, staging, ct);
        var engineRows = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM {InitBench.Qualified}", ct);
        var mergeRows = await db.ScalarAsync<long>(database, "SELECT count(*) FROM bench.merge_target", ct);
        if (engineRows != mergeRows)
        {
            throw new InvalidOperationException($"After the sync the engine's table has {engineRows} rows, the merge's {mergeRows}.");
        }

        var measurement = new SyncMeasurement(counts, load.TotalSeconds, commitTime.TotalSeconds, merge.TotalSeconds, 1);
        Console.WriteLine($"  sync round {round + 1}: stage {measurement.StageSeconds:F2} s + commit {measurement.CommitSeconds:F2} s; best-case merge {measurement.MergeSeconds:F2} s");
        return measurement;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>An identical copy of the live table, vacuumed and analyzed like the live one.</summary>
    private static async Task CloneTargetAsync(BenchDatabase db, string database, CancellationToken ct)
    {
        await db.ExecuteAsync(database, $"""
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE bench.merge_target (LIKE {InitBench.Qualified} INCLUDING ALL);
            INSERT INTO bench.merge_target SELECT * FROM {InitBench.Qualified};
            """, ct);
        await db.ExecuteAsync(database, $"VACUUM (ANALYZE) {InitBench.Qualified}", ct);
        await db.ExecuteAsync(database, "VACUUM (ANALYZE) bench.merge_target", ct);
        await db.ExecuteAsync(database, "CHECKPOINT", ct);
    }

    /// <summary>Copies the engine's loaded staging table (not timed): the merge baseline starts from the same rows.</summary>
    private static async Task<string> CopyStagingAsync(BenchDatabase db, string database, string jobId, CancellationToken ct)
    {
        var name = await db.ScalarAsync<string>(database,
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = 'canvasdata2' AND table_name LIKE '%{jobId}'", ct);
        await db.ExecuteAsync(database, $"""
            DROP TABLE IF EXISTS bench.merge_staging;
            CREATE TABLE bench.merge_staging AS SELECT * FROM canvasdata2.{BenchDatabase.Quote(name)};
            ANALYZE bench.merge_staging;
            CHECKPOINT;
            """, ct);
        return "bench.merge_staging";
    }

    private static async Task<TimeSpan> MergeAsync(BenchDatabase db, string database, string staging, CancellationToken ct)
    {
        var columns = await db.ColumnsAsync(database, InitBench.Namespace, InitBench.Table, ct);
        var list = string.Join(", ", columns.Select(BenchDatabase.Quote));
        var set = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{BenchDatabase.Quote(c)} = EXCLUDED.{BenchDatabase.Quote(c)}"));
        var sql = $"""
            BEGIN;
            INSERT INTO bench.merge_target ({list}) SELECT {list} FROM {staging} WHERE "meta.action" = 'U'
                ON CONFLICT (id) DO UPDATE SET {set};
            DELETE FROM bench.merge_target t USING {staging} s WHERE s."meta.action" = 'D' AND t.id = s.id;
            COMMIT;
            """;
        await using var connection = new NpgsqlConnection(db.ConnectionString(database));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var clock = Stopwatch.StartNew();
        await command.ExecuteNonQueryAsync(ct);
        return clock.Elapsed;
    }
}

internal sealed record SyncMeasurement(ChangeCounts Changes, double StageSeconds, double CommitSeconds, double MergeSeconds, int Rounds)
{
    public double Ratio => CommitSeconds / MergeSeconds;
}
