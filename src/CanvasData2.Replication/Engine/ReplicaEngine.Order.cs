using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

/// <summary>
/// What the staging table carries beyond the table's own columns: the row order within the job (so a repeated
/// key keeps its last occurrence, whatever order parallel loads landed in), and for changes the action and the
/// guard that makes an unlogged staging table safe.
/// </summary>
public sealed partial class ReplicaEngine
{
    /// <summary>
    /// Adds the staging-only columns. A change table is UNLOGGED (it never becomes a live table, and skipping WAL
    /// makes loading it as cheap as a temp table); its comment records the server's start time, because a crash
    /// restart empties unlogged tables while the ledger still lists the loaded objects (<see cref="CheckStagingSurvivedAsync"/>).
    /// </summary>
    private static async Task AddStagingColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        var staging = Identifiers.Qualified(JobLedger.Schema, job.StagingTable);
        var order = $"ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.OrderColumn)} bigint NOT NULL;";
        if (job.Target.Kind == StagingKind.Snapshot)
        {
            await ExecuteAsync(connection, transaction, order, cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = await ServerStartAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            {order}
            ALTER TABLE {staging} ADD COLUMN {Identifiers.Quote(TsvCopyPlan.ActionColumn)} text;
            ALTER TABLE {staging} SET UNLOGGED;
            {DdlSpelling.CommentOn($"TABLE {staging}", started)}
            """,
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ServerStartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 'server started ' || pg_postmaster_start_time()::text", connection, transaction);
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Fails the commit when the server restarted since the change table was made: its rows may be gone.</summary>
    private static async Task CheckStagingSurvivedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT obj_description($1::regclass, 'pg_class')", connection, transaction);
        command.Parameters.AddWithValue(Identifiers.Qualified(JobLedger.Schema, job.StagingTable));
        var recorded = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        if (recorded != await ServerStartAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            throw new ReplicationException(
                $"Table {job.Target.Table}: the database server restarted after job {job.Target.JobId} was staged, which may have emptied its unlogged staging table; nothing was changed, run the sync again.",
                job.Target.Table);
        }
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
