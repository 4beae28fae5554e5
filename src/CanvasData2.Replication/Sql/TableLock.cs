using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CanvasData2.Model;
using Npgsql;

namespace CanvasData2.Replication.Sql;

/// <summary>
/// The per-table advisory lock every commit holds for its transaction. The key is the first 8 bytes of
/// SHA-256 over the table name, so every process and version of this tool derives the same key.
/// </summary>
internal static class TableLock
{
    public static long KeyOf(string scope, TableName table)
        => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"canvasdata2/{scope}/{table.Namespace}.{table.Table}")));

    /// <summary>Waits at most <paramref name="wait"/> for the lock; false when another holder kept it (the transaction is then aborted).</summary>
    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var milliseconds = Math.Max(1, (long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        await using var command = new NpgsqlCommand("SELECT set_config('lock_timeout', $1, true), pg_advisory_xact_lock($2)", connection, transaction);
        command.Parameters.AddWithValue(milliseconds);
        command.Parameters.AddWithValue(key);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }

        // The rest of the commit waits for readers as long as they need (their locks are short).
        await using var reset = new NpgsqlCommand("SET LOCAL lock_timeout TO DEFAULT", connection, transaction);
        await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
