using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

/// <summary>
/// What the staging table carries beyond the table's own columns: the row order within the job (so a repeated
/// key keeps its last occurrence, whatever order parallel loads landed in), and for changes the action and the
/// count that makes an unlogged staging table safe.
/// </summary>
public sealed partial class ReplicaEngine
{
    /// <summary>
    /// Adds the staging-only columns. A change table is UNLOGGED: it never becomes a live table, and skipping WAL
    /// makes loading it as cheap as a temp table. A crash of any backend resets unlogged tables to empty (without
    /// restarting the postmaster), while the ledger, which is logged, still lists the loaded objects: the commit
    /// counts what staging holds against the ledger (<see cref="StagingShortfallAsync"/>).
    /// </summary>
    private static async Task AddStagingColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        var staging = Identifiers.Qualified(JobLedger.Schema, job.StagingTable);
        var order = $"ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.OrderColumn)} bigint NOT NULL;";
        await ExecuteAsync(
            connection,
            transaction,
            job.Target.Kind == StagingKind.Snapshot
                ? order
                : $"""
                  {order}
                  ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.ActionColumn)} text;
                  ALTER TABLE {staging} SET UNLOGGED;
                  """,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Null when the change table holds exactly the rows the ledger says were loaded into it; otherwise what is
    /// missing. A reset empties the whole table, but objects loaded after it would hide an emptiness check:
    /// only the count against the ledger cannot be fooled. Runs before the de-duplication deletes any row.
    /// </summary>
    private static async Task<string?> StagingShortfallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT count(*) FROM {Identifiers.Qualified(JobLedger.Schema, job.StagingTable)}),
                   (SELECT coalesce(sum(row_count), 0)::bigint FROM "canvasdata2"."loaded_object"
                    WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(job.Target.Table.Namespace);
        command.Parameters.AddWithValue(job.Target.Table.Table);
        command.Parameters.AddWithValue(job.Target.JobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (staged, loaded) = (reader.GetInt64(0), reader.GetInt64(1));
        return staged == loaded ? null : $"staging holds {staged} rows of job {job.Target.JobId} but {loaded} were loaded (a database crash resets unlogged tables)";
    }

    /// <summary>
    /// Deletes every staged row whose key occurs again later in the job (by <see cref="TsvCopyPlan.OrderColumn"/>).
    /// When every key is unique the grouping finds nothing and the delete touches no row: one pass over the keys.
    /// </summary>
    private static string DeduplicateSql(TableModel model, string stagingTable)
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
}
