using CanvasData2.Model;
using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>
/// The latest run per table (<c>canvasdata2.table_run</c>): its outcome, error and when the table last succeeded,
/// so that the database itself answers "is the replica fresh, and if not, which table and why".
/// </summary>
internal static class RunLedger
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS "canvasdata2"."table_run" (
            source_namespace text NOT NULL,
            source_table text NOT NULL,
            run_id text NOT NULL,
            outcome text NOT NULL,
            finished_at timestamptz NOT NULL,
            rows_changed bigint NOT NULL,
            seconds bigint NOT NULL,
            error_kind text,
            error text,
            last_success_at timestamptz,
            CONSTRAINT "pk_table_run" PRIMARY KEY (source_namespace, source_table)
        );
        ALTER TABLE "canvasdata2"."table_run" ADD COLUMN IF NOT EXISTS truncated_values bigint NOT NULL DEFAULT 0;
        """;

    /// <summary>
    /// Joined onto table_sync by <c>GetStatusAsync</c> (null columns when never recorded; a ledger from before the
    /// truncated count has no such column until the next run records one, hence the JSON lookup).
    /// </summary>
    public const string StatusColumns =
        "r.run_id, r.outcome, r.finished_at, r.rows_changed, r.seconds, r.error_kind, r.error, r.last_success_at, (to_jsonb(r) ->> 'truncated_values')::bigint";

    public static async Task RecordAsync(NpgsqlConnection connection, IReadOnlyList<TableRunRecord> runs, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(CreateSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var run in runs)
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO "canvasdata2"."table_run" AS r
                    (source_namespace, source_table, run_id, outcome, finished_at, rows_changed, seconds, error_kind, error, last_success_at, truncated_values)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN $5 END, $11)
                ON CONFLICT (source_namespace, source_table) DO UPDATE SET
                    run_id = EXCLUDED.run_id, outcome = EXCLUDED.outcome, finished_at = EXCLUDED.finished_at,
                    rows_changed = EXCLUDED.rows_changed, seconds = EXCLUDED.seconds, error_kind = EXCLUDED.error_kind,
                    error = EXCLUDED.error, last_success_at = coalesce(EXCLUDED.last_success_at, r.last_success_at),
                    truncated_values = EXCLUDED.truncated_values
                """,
                connection,
                transaction);
            upsert.Parameters.AddWithValue(run.Table.Namespace);
            upsert.Parameters.AddWithValue(run.Table.Table);
            upsert.Parameters.AddWithValue(run.RunId);
            upsert.Parameters.AddWithValue(run.Outcome);
            upsert.Parameters.AddWithValue(run.FinishedAt.ToUniversalTime());
            upsert.Parameters.AddWithValue(run.RowsChanged);
            upsert.Parameters.AddWithValue(run.Seconds);
            upsert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)run.ErrorKind ?? DBNull.Value);
            upsert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)run.Error ?? DBNull.Value);
            upsert.Parameters.AddWithValue(run.Succeeded);
            upsert.Parameters.AddWithValue(run.TruncatedValues);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <see cref="StatusColumns"/> from <paramref name="first"/> on.</summary>
    public static (TableRunRecord? Run, DateTimeOffset? LastSuccess) Read(NpgsqlDataReader reader, int first, TableName table)
    {
        if (reader.IsDBNull(first))
        {
            return (null, null);
        }

        var run = new TableRunRecord(
            table,
            reader.GetString(first),
            reader.GetString(first + 1),
            reader.GetFieldValue<DateTimeOffset>(first + 2),
            reader.GetInt64(first + 3),
            reader.GetInt64(first + 4),
            reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
            reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
            reader.IsDBNull(first + 8) ? 0 : reader.GetInt64(first + 8));
        return (run, reader.IsDBNull(first + 7) ? null : reader.GetFieldValue<DateTimeOffset>(first + 7));
    }
}
