using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Sql;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// The SQL text of a job's staging table, beside <see cref="DdlBuilder"/>: its extra columns, the de-duplication
/// of repeated keys, and the merge of changes into the live table. Built from quoted identifiers only.
/// </summary>
internal static class StagingSql
{
    /// <summary>
    /// The staging-only columns: the row order within the job, and for changes the action. A change table is
    /// UNLOGGED: it never becomes a live table, and skipping WAL makes loading it as cheap as a temp table. A crash of
    /// any backend resets unlogged tables to empty (without restarting the postmaster), while the ledger, which is
    /// logged, still lists the loaded objects: the commit checks which of them are still staged (<see cref="StagingIntegrity"/>).
    /// No staging table is autovacuumed (<see cref="AutovacuumOff"/>).
    /// </summary>
    public static string AddStagingColumns(StagingJob job)
    {
        var staging = Identifiers.Qualified(JobLedger.Schema, job.StagingTable);
        var columns = $"""
            ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.OrderColumn)} bigint NOT NULL;
            ALTER TABLE {staging} SET ({AutovacuumOff});
            """;
        return job.Target.Kind == StagingKind.Snapshot
            ? columns
            : $"""
              {columns}
              ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.ActionColumn)} text;
              ALTER TABLE {staging} SET UNLOGGED;
              """;
    }

    /// <summary>
    /// Storage parameters that keep autovacuum away from a staging table. A job's loads add enough rows to start an
    /// automatic ANALYZE between the loads and the commit, whose lock the commit's DDL (the key build, the DROP of
    /// change staging) then waits for until the deadlock check cancels it, 1 s later (<c>deadlock_timeout</c>): a
    /// bench round lost exactly that. Nothing reads a staging table's statistics.
    /// </summary>
    private const string AutovacuumOff = "autovacuum_enabled = false, toast.autovacuum_enabled = false";

    /// <summary>The subcommand that gives a published snapshot table autovacuum back (ALTER TABLE … RESET).</summary>
    public const string AutovacuumReset = "RESET (autovacuum_enabled, toast.autovacuum_enabled)";

    /// <summary>
    /// Deletes every staged row whose key occurs again later in the job (by <see cref="TsvCopyPlan.OrderColumn"/>).
    /// When every key is unique the grouping finds nothing and the delete touches no row: one pass over the keys.
    /// </summary>
    public static string Deduplicate(TableModel model, string stagingTable)
    {
        var staging = Identifiers.Qualified(JobLedger.Schema, stagingTable);
        var order = Identifiers.Quote(TsvCopyPlan.OrderColumn);
        var keys = string.Join(", ", model.PrimaryKey.Select(Identifiers.Quote));
        var sameKey = string.Join(" AND ", model.PrimaryKey.Select(k => $"s.{Identifiers.Quote(k)} = d.{Identifiers.Quote(k)}"));
        return $"""
            DELETE FROM {staging} s
            USING (SELECT {keys}, max({order}) AS last FROM {staging} GROUP BY {keys} HAVING count(*) > 1) d
            WHERE {sameKey} AND s.{order} < d.last
            """;
    }

    /// <summary>
    /// Applies the job's changes in one pass over the change table (PostgreSQL 15's MERGE, one index probe per row):
    /// a <c>U</c> row updates its key's row or inserts it, a <c>D</c> row deletes it (a key that is not there is fine:
    /// inserted and deleted between two queries). Separate INSERT … ON CONFLICT and DELETE … USING statements scan the
    /// change table twice and took ~25 % longer (bench/README.md). Needs unique keys in the change table: with
    /// <paramref name="leaveOut"/> the rows whose order values are in the array parameter $1 are left out (the rows
    /// <see cref="KeyFingerprints.Superseded"/> names), else the table holds unique keys already (<see cref="Deduplicate"/>).
    /// Only the columns of the model are written (extra columns of the live table are left alone).
    /// </summary>
    public static string Merge(TableModel model, string stagingTable, bool leaveOut)
    {
        var live = Identifiers.Qualified(model.Name.Namespace, model.Name.Table);
        var action = "s." + Identifiers.Quote(TsvCopyPlan.ActionColumn);
        var columns = model.Columns.Select(c => Identifiers.Quote(c.Name)).ToList();
        var sameKey = string.Join(" AND ", model.PrimaryKey.Select(k => $"t.{Identifiers.Quote(k)} = s.{Identifiers.Quote(k)}"));
        var updates = model.Columns.Where(c => !c.IsKey).Select(c => $"{Identifiers.Quote(c.Name)} = s.{Identifiers.Quote(c.Name)}").ToList();
        var onMatch = updates.Count == 0 ? "DO NOTHING" : "UPDATE SET " + string.Join(", ", updates);
        var staging = Identifiers.Qualified(JobLedger.Schema, stagingTable);

        // PostgreSQL 15 looks a long constant list of <> ALL up in a hash table: one probe per change row.
        var source = leaveOut ? $"(SELECT * FROM {staging} WHERE {Identifiers.Quote(TsvCopyPlan.OrderColumn)} <> ALL($1))" : staging;
        return $"""
            MERGE INTO {live} t USING {source} s ON {sameKey}
            WHEN MATCHED AND {action} = 'D' THEN DELETE
            WHEN MATCHED AND {action} = 'U' THEN {onMatch}
            WHEN NOT MATCHED AND {action} = 'U' THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "s." + c))})
            """;
    }
}
