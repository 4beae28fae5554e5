using CanvasData2.Model;
using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Migration;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    /// <summary>
    /// Drops the table, its meta row, its enum types (unlike the official client, which leaves them behind) and
    /// the ledger's committed jobs of the table, in one transaction. Views on the table are dropped too and named in the result; a shared enum
    /// type still used elsewhere is kept.
    /// </summary>
    public async Task<DropResult> DropAsync(TableName table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureBookkeepingAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (!await TableLock.TryAcquireAsync(connection, transaction, TableLock.KeyOf("commit", table), _options.LockWait, cancellationToken).ConfigureAwait(false))
            {
                throw new ReplicationException($"Table {table}: another commit held its lock for {_options.LockWait}; try again.", table) { IsTransient = true };
            }

            var exists = await TableExistsAsync(connection, transaction, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> droppedViews = [];
            if (exists)
            {
                var enumTypes = await EnumTypesOfAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
                var views = await DependentViews.SaveAndDropAsync(connection, table.Namespace, table.Table, cancellationToken).ConfigureAwait(false);
                droppedViews = views.Names;
                await ExecuteAsync(connection, transaction, $"DROP TABLE {Identifiers.Qualified(table.Namespace, table.Table)}", cancellationToken).ConfigureAwait(false);
                await DropUnusedTypesAsync(connection, transaction, enumTypes, cancellationToken).ConfigureAwait(false);
            }

            var metaRows = await TableSyncRow.DeleteAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
            await JobLedger.ForgetCommittedAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogDropped(table, droppedViews.Count);
            return new DropResult(exists || metaRows > 0, droppedViews);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Map(e, table, "Dropping the table");
        }
    }

    /// <summary>Enum types the table's columns use (arrays included), and unused ones named after it (<c>&lt;table&gt;__…</c>, e.g. of nested objects).</summary>
    private static async Task<List<string>> EnumTypesOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableName table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT format('%I.%I', tn.nspname, t.typname)
            FROM pg_type t JOIN pg_namespace tn ON tn.oid = t.typnamespace
            WHERE t.typtype = 'e' AND (
                t.oid IN (SELECT coalesce(nullif(at.typelem, 0), at.oid)
                          FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                          WHERE a.attrelid = format('%I.%I', $1::text, $2::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped)
                OR (tn.nspname = $1 AND left(t.typname, length($2) + 2) = $2 || '__'))
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(table.Namespace);
        command.Parameters.AddWithValue(Identifiers.Fit(table.Table));
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }

    private static async Task DropUnusedTypesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> qualifiedTypes, CancellationToken cancellationToken)
    {
        foreach (var type in qualifiedTypes)
        {
            // The names come from format('%I.%I'), i.e. already quoted by PostgreSQL.
            await transaction.SaveAsync("drop_type", cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(connection, transaction, $"DROP TYPE IF EXISTS {type}", cancellationToken).ConfigureAwait(false);
                await transaction.ReleaseAsync("drop_type", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
            {
                await transaction.RollbackAsync("drop_type", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
