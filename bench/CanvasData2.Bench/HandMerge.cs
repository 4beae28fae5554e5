using System.Diagnostics;

namespace CanvasData2.Bench;

/// <summary>The sync baseline: what a PostgreSQL user would write by hand, in one psql session and one transaction.</summary>
internal static class HandMerge
{
    public static async Task<double> RunAsync(BenchDatabase db, string database, string changesFile, CancellationToken cancellationToken)
    {
        var columns = await db.ColumnsAsync(database, InitBench.Namespace, InitBench.Table, cancellationToken);
        var list = string.Join(", ", columns.Select(BenchDatabase.Quote));
        var set = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{BenchDatabase.Quote(c)} = EXCLUDED.{BenchDatabase.Quote(c)}"));
        var script = Path.Combine(Path.GetTempPath(), $"cd2-bench-merge-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, $"""
            BEGIN;
            CREATE TEMP TABLE changes ON COMMIT DROP AS SELECT * FROM bench.merge_target WITH NO DATA;
            ALTER TABLE changes ADD COLUMN action text;
            \copy changes from pstdin
            INSERT INTO bench.merge_target ({list}) SELECT {list} FROM changes WHERE action = 'U'
                ON CONFLICT (id) DO UPDATE SET {set};
            DELETE FROM bench.merge_target t USING changes s WHERE s.action = 'D' AND t.id = s.id;
            COMMIT;

            """, cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await BenchDatabase.ShellAsync($"gunzip -c {changesFile} | {db.Psql(database)} -f {script}", cancellationToken);
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
            SELECT count(*) FROM {InitBench.Qualified} a FULL JOIN bench.merge_target b ON a.id = b.id
            WHERE a.id IS NULL OR b.id IS NULL OR a::text <> b::text
            """, cancellationToken);
}
