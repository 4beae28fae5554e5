using CanvasData2.Replication.Loading;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>What PostgreSQL's NOT NULL error does not say: which staged row, which column.</summary>
internal static class MissingValues
{
    /// <summary>
    /// After a NOT NULL failure of a sync's merge (rolled back): finds the first staged upsert that lacks a required
    /// value and names its column and key, which PostgreSQL's message does not. (A snapshot's staging table has the
    /// NOT NULLs itself, so its COPY names the column and line.)
    /// </summary>
    public static async Task<ReplicationException> DescribeAsync(
        NpgsqlConnection connection, StagingTarget target, JobModels models, PostgresException error, CancellationToken cancellationToken)
    {
        var job = await JobLedger.FindAsync(connection, null, target, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return PostgresErrors.Map(error, target.Table, $"Publishing job {target.JobId}");
        }

        var model = models.Of(job);
        var required = model.Columns.Where(c => c.NotNull || c.IsKey).ToList();
        var nullTests = required.Select(c => $"{Identifiers.Quote(c.Name)} IS NULL").ToList();
        var firstNull = string.Join(" ", required.Select((c, i) => $"WHEN {nullTests[i]} THEN {i}"));
        var key = string.Join(" || ', ' || ", model.PrimaryKey.Select(k => $"coalesce({Identifiers.Quote(k)}::text, 'NULL')"));
        await using var command = new NpgsqlCommand(
            $"""
            SELECT CASE {firstNull} END, {key} FROM {Identifiers.Qualified(JobLedger.Schema, job.StagingTable)}
            WHERE {Identifiers.Quote(TsvCopyPlan.ActionColumn)} = 'U' AND ({string.Join(" OR ", nullTests)}) LIMIT 1
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return PostgresErrors.Map(error, target.Table, $"Publishing job {target.JobId}");
        }

        var column = required[reader.GetInt32(0)].Name;
        var keyText = reader.GetString(1);
        return new ReplicationException(
            $"Table {target.Table}: the row with key {keyText} has no value in required column '{column}'; nothing was published.",
            target.Table,
            column,
            error);
    }
}
