using CanvasData2.Model;
using Npgsql;

namespace CanvasData2.Replication.Sql;

/// <summary>
/// Rows this transaction has written to and deleted from a table so far, from PostgreSQL's per-transaction
/// statistics counters (exact; they include earlier transactions of the session not yet reported, so only a
/// difference of two readings means anything). MERGE reports one total for inserts, updates and deletes. With the
/// server's <c>track_counts</c> off there are no counters and both counts read 0; the data are unaffected.
/// </summary>
internal readonly record struct TupleCounts(long Written, long Deleted)
{
    public static TupleCounts operator -(TupleCounts after, TupleCounts before)
        => new(after.Written - before.Written, after.Deleted - before.Deleted);

    public static async Task<TupleCounts> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableName table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_stat_get_xact_tuples_inserted(c) + pg_stat_get_xact_tuples_updated(c), pg_stat_get_xact_tuples_deleted(c)
            FROM (SELECT format('%I.%I', $1::text, $2::text)::regclass::oid AS c) t
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(table.Table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new TupleCounts(reader.GetInt64(0), reader.GetInt64(1));
    }
}
