using System.Diagnostics;
using CanvasData2.Replication;

namespace CanvasData2.Bench;

/// <summary>
/// The sync baseline: what a PostgreSQL user would write by hand, in one psql session and one transaction, with the
/// session settings cd2's commit uses (<see cref="ReplicaOptions.MergeWorkMemMb"/>, no JIT).
/// </summary>
internal static class HandMerge
{
    /// <summary>The work_mem both sides run their merge with.</summary>
    public static int WorkMemMb { get; } = new ReplicaOptions().MergeWorkMemMb;

    /// <summary>
    /// Applies the dumped changes (in job order) to bench.merge_target. With <paramref name="repeatedKeys"/> the
    /// rows of a key but its last are deleted first (a key in two rows would make the upsert fail).
    /// </summary>
    public static async Task<double> RunAsync(BenchDatabase db, string database, string changesFile, bool repeatedKeys, CancellationToken cancellationToken)
    {
        var table = InitTable.Wide;
        var columns = await db.ColumnsAsync(database, table.Namespace, table.Table, cancellationToken);
        var list = string.Join(", ", columns.Select(BenchDatabase.Quote));
        var set = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{BenchDatabase.Quote(c)} = EXCLUDED.{BenchDatabase.Quote(c)}"));
        var dedupe = repeatedKeys
            ? "DELETE FROM changes c USING (SELECT id, max(ord) AS last FROM changes GROUP BY id HAVING count(*) > 1) d WHERE c.id = d.id AND c.ord < d.last;"
            : "";
        var script = Path.Combine(Path.GetTempPath(), $"cd2-bench-merge-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, $"""
            BEGIN;
            SET LOCAL work_mem = '{WorkMemMb}MB';
            SET LOCAL jit = off;
            CREATE TEMP TABLE changes ON COMMIT DROP AS SELECT * FROM bench.merge_target WITH NO DATA;
            ALTER TABLE changes ADD COLUMN action text, ADD COLUMN ord bigserial;
            \copy changes ({list}, action) from pstdin
            {dedupe}
            INSERT INTO bench.merge_target ({list}) SELECT {list} FROM changes WHERE action = 'U'
                ON CONFLICT (id) DO UPDATE SET {set};
            DELETE FROM bench.merge_target t USING changes s WHERE s.action = 'D' AND t.id = s.id;
            COMMIT;

            """, cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await BenchDatabase.ShellAsync($"gunzip -c {changesFile} | {db.Psql(database)} -v ON_ERROR_STOP=1 -f {script}", cancellationToken);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Rows present in only one of the two tables or different in any column (compared as row text; not timed).</summary>
    public static Task<long> DifferingRowsAsync(BenchDatabase db, string database, CancellationToken cancellationToken)
        => db.ScalarAsync<long>(database, $"""
            SET work_mem = '256MB';
            SELECT count(*) FROM {InitTable.Wide.Qualified} a FULL JOIN bench.merge_target b ON a.id = b.id
            WHERE a.id IS NULL OR b.id IS NULL OR a::text <> b::text
            """, cancellationToken);
}
