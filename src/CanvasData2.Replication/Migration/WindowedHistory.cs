using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>
/// The history of a windowed namespace (DAP keeps canvas_logs for 30 days), which the replica keeps longer: rows a
/// replacing snapshot no longer has are kept, and rows past the local retention expire.
/// </summary>
internal static class WindowedHistory
{
    /// <summary>The column whose age the retention measures, in the tables that have it.</summary>
    public const string TimeColumn = "timestamp";

    /// <summary>
    /// Before a snapshot replaces the live table, copies every live row whose key the snapshot lacks into the staged
    /// table, in the commit's transaction; the number copied, or null when there is no live table. Columns are matched
    /// by name: a column new in the snapshot's schema stays empty in those rows (its NOT NULL is dropped), a changed
    /// type is cast, a column the schema dropped goes. Rows older than <paramref name="cutoff"/> are left out.
    /// </summary>
    public static async Task<long?> KeepAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TableModel model, string stagingSchema, string stagingTable, DateTimeOffset? cutoff, CancellationToken cancellationToken)
    {
        var table = model.Name;
        var live = await LiveTable.ReadAsync(connection, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            return null;
        }

        var keys = model.PrimaryKey.Select(Identifiers.Fit).ToList();
        if (keys.FirstOrDefault(k => live.FindColumn(k) is null) is { } missingKey)
        {
            throw new ReplicationException(
                $"Table {table}: its key column '{missingKey}' is new, so the rows the snapshot no longer has cannot be matched; the table is unchanged.", table);
        }

        var staged = Identifiers.Qualified(stagingSchema, stagingTable);
        var shared = model.Columns.Where(c => live.FindColumn(Identifiers.Fit(c.Name)) is not null).ToList();
        foreach (var added in model.Columns.Where(c => c.NotNull && !c.IsKey && live.FindColumn(Identifiers.Fit(c.Name)) is null))
        {
            await using var relax = new NpgsqlCommand($"ALTER TABLE {staged} ALTER COLUMN {Identifiers.Quote(added.Name)} DROP NOT NULL", connection, transaction);
            await relax.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var columns = string.Join(", ", shared.Select(c => Identifiers.Quote(c.Name)));
        var values = string.Join(", ", shared.Select(c => $"CAST(l.{Identifiers.Quote(c.Name)} AS {c.SqlType})"));
        var age = cutoff is not null && HasTimeColumn(model) && live.FindColumn(TimeColumn) is not null
            ? $" WHERE l.{Identifiers.Quote(TimeColumn)} >= $1"
            : "";
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {staged} ({columns})
            SELECT {values} FROM {Identifiers.Qualified(table.Namespace, table.Table)} l{age}
            ON CONFLICT ({string.Join(", ", model.PrimaryKey.Select(Identifiers.Quote))}) DO NOTHING
            """,
            connection,
            transaction);
        if (age.Length > 0)
        {
            command.Parameters.AddWithValue(Unzoned(cutoff!.Value));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the rows older than <paramref name="cutoff"/> in the caller's transaction; the number deleted, or null
    /// when the table has no <see cref="TimeColumn"/>. One set-based statement; callers run it once a day per table.
    /// </summary>
    public static async Task<long?> ExpireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableModel model, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!HasTimeColumn(model))
        {
            return null;
        }

        await using var command = new NpgsqlCommand(
            $"DELETE FROM {Identifiers.Qualified(model.Name.Namespace, model.Name.Table)} WHERE {Identifiers.Quote(TimeColumn)} < $1", connection, transaction);
        command.Parameters.AddWithValue(Unzoned(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the table has the timestamp column retention measures age by.</summary>
    private static bool HasTimeColumn(TableModel model) => model.FindColumn(TimeColumn) is { Kind: ColumnKind.Timestamp };

    /// <summary>The column is timestamp without time zone, holding UTC (as the official client stores it).</summary>
    private static DateTime Unzoned(DateTimeOffset value) => DateTime.SpecifyKind(value.UtcDateTime, DateTimeKind.Unspecified);
}
