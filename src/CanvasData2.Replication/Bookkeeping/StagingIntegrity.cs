using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>Whether a change table still holds what was loaded into it: a database crash resets unlogged tables.</summary>
internal static class StagingIntegrity
{
    /// <summary>
    /// Null when every object the ledger lists with rows is still staged; otherwise what is missing. A crash empties
    /// the change table and <c>staged_object</c> (both unlogged) together, while <c>loaded_object</c> (logged) keeps its
    /// rows, and objects loaded after the crash are staged again: so the two counts differ exactly when rows were
    /// lost, whatever was loaded since, at the cost of a look at the job's few ledger rows, not a scan of its staged rows.
    /// </summary>
    public static async Task<string?> ShortfallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM "canvasdata2"."loaded_object" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3 AND row_count > 0),
                   (SELECT count(*) FROM "canvasdata2"."staged_object" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3)
            """,
            connection,
            transaction);
        JobLedger.AddJobKey(command, job.Target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (loaded, staged) = (reader.GetInt64(0), reader.GetInt64(1));
        return staged == loaded
            ? null
            : $"{loaded - staged} of the {loaded} objects with rows loaded for job {job.Target.JobId} are no longer staged (a database crash resets unlogged tables)";
    }
}
