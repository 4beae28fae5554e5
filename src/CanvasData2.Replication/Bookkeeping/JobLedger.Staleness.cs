using CanvasData2.Model;
using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>
/// Whether a committed ledger entry still describes the replica. Others may drop the table (the official
/// client's <c>dap dropdb</c>, <c>DROP SCHEMA … CASCADE</c>) or rebuild it; the ledger must then not answer
/// "already committed" for a table that no longer holds the job's data.
/// </summary>
internal static partial class JobLedger
{
    /// <summary>
    /// True when the live table and its table_sync row exist and are the ones the commit wrote (same table
    /// oid, same row id; entries from before these were recorded only need both to exist).
    /// </summary>
    private static async Task<bool> CommitStillHoldsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TableName table, uint? tableOid, long? tableSyncId, CancellationToken cancellationToken)
    {
        // Two statements: a query naming table_sync fails to parse when another tool dropped its schema.
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')),
                to_regclass('"instructure_dap"."table_sync"') IS NOT NULL
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(Sql.Identifiers.Fit(table.Table));
        uint? liveOid;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            liveOid = reader.IsDBNull(0) ? null : reader.GetFieldValue<uint>(0);
            if (liveOid is null || !reader.GetBoolean(1) || (tableOid is not null && tableOid != liveOid))
            {
                return false;
            }
        }

        var row = await TableSyncRow.ReadAsync(connection, transaction, table, forUpdate: false, cancellationToken).ConfigureAwait(false);
        return row is not null && (tableSyncId is null || tableSyncId == row.Id);
    }

    /// <summary>Forgets every committed job of a table that is being dropped (their entries would be stale anyway).</summary>
    public static async Task ForgetCommittedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableName table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM "canvasdata2"."staging_job"
            WHERE source_namespace = $1 AND source_table = $2 AND committed_at IS NOT NULL
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(table.Table);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a committed entry found stale (its objects were already forgotten at commit).</summary>
    private static Task ForgetStaleCommitAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, StagingTarget target, CancellationToken cancellationToken)
        => ExecuteAsync(
            connection,
            transaction,
            """
            DELETE FROM "canvasdata2"."staging_job"
            WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3 AND committed_at IS NOT NULL
            """,
            target,
            cancellationToken);
}
