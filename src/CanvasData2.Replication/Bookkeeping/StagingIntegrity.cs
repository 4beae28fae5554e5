using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>Whether a change table still holds what was loaded into it: a database crash resets unlogged tables.</summary>
internal static class StagingIntegrity
{
    /// <summary>
    /// Null when the change table holds exactly the rows the ledger says were loaded into it; otherwise what is
    /// missing. A reset empties the whole table, but objects loaded after it would hide an emptiness check:
    /// only the count against the ledger cannot be fooled. Runs before the de-duplication deletes any row.
    /// </summary>
    public static async Task<string?> ShortfallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
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
}
