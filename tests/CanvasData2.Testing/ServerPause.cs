using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CanvasData2.Model;
using CanvasData2.Replication;
using Npgsql;

namespace CanvasData2.Testing;

/// <summary>
/// A crash point held by the database, so the process under test carries no hook: the test holds an advisory lock
/// that the process's own statements must take at the point, waits until one of its backends waits there, and kills
/// the process. <see cref="Points"/>:
/// <list type="bullet">
/// <item><c>load</c>: an object's rows all copied into staging, its transaction still open (a trigger on the ledger
/// update that closes the load).</item>
/// <item><c>before-commit</c>: a commit asked for, nothing of it done (the table's commit lock, which the commit
/// takes first: SHA-256 of <c>canvasdata2/commit/&lt;ns&gt;.&lt;table&gt;</c>, as the engine derives it).</item>
/// <item><c>commit</c>: the commit's every change written, its transaction not committed (a trigger on the ledger
/// update that marks the job committed, the commit's last write).</item>
/// </list>
/// Disposing releases the lock and removes the triggers.
/// </summary>
public sealed class ServerPause : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Points = ["load", "before-commit", "commit"];

    private const string Schema = "canvasdata2_test_pause";
    private static readonly long TriggerKey = KeyOf("canvasdata2-test/pause");

    private readonly NpgsqlConnection _holder;
    private readonly string _connectionString;
    private readonly long[] _keys;

    private ServerPause(NpgsqlConnection holder, string connectionString, long[] keys)
    {
        _holder = holder;
        _connectionString = connectionString;
        _keys = keys;
    }

    /// <summary>Arms <paramref name="point"/> in the database of <paramref name="connectionString"/> for <paramref name="tables"/>.</summary>
    public static async Task<ServerPause> ArmAsync(string connectionString, string point, IEnumerable<TableName> tables, CancellationToken cancellationToken)
    {
        // The triggers sit on the engine's ledger: create it as the engine would, before the process starts.
        await using (var engine = ReplicaEngine.Create(connectionString))
        {
            await engine.EnsureBookkeepingAsync(cancellationToken);
        }

        var keys = point switch
        {
            "load" => [TriggerKey],
            "commit" => [TriggerKey],
            "before-commit" => tables.Select(t => KeyOf($"canvasdata2/commit/{t.Namespace}.{t.Table}")).ToArray(),
            _ => throw new ArgumentException($"Unknown crash point '{point}'; expected one of: {string.Join(", ", Points)}.", nameof(point)),
        };
        var trigger = point switch
        {
            "load" => """BEFORE UPDATE ON "canvasdata2"."loaded_object" FOR EACH ROW""",
            "commit" => """BEFORE UPDATE ON "canvasdata2"."staging_job" FOR EACH ROW WHEN (OLD.committed_at IS NULL AND NEW.committed_at IS NOT NULL)""",
            _ => null,
        };
        if (trigger is not null)
        {
            await ExecuteAsync(connectionString, $"""
                CREATE SCHEMA IF NOT EXISTS {Schema};
                CREATE OR REPLACE FUNCTION {Schema}.pause() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock_shared({TriggerKey});
                    RETURN NEW;
                END $$;
                CREATE TRIGGER {Schema} {trigger} EXECUTE FUNCTION {Schema}.pause();
                """, cancellationToken);
        }

        // Unpooled: the session's locks must end with it, not wait in a pool for a reset.
        var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await holder.OpenAsync(cancellationToken);
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(k) FROM unnest($1::bigint[]) k", holder))
        {
            hold.Parameters.AddWithValue(keys);
            await hold.ExecuteNonQueryAsync(cancellationToken);
        }

        return new ServerPause(holder, connectionString, keys);
    }

    /// <summary>Returns once a session of the database waits at the point.</summary>
    public async Task WaitUntilReachedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var waiting = new NpgsqlCommand(
                """
                SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                               WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()
                                 AND ((l.classid::bigint << 32) | l.objid::bigint) = ANY($1::bigint[]))
                """,
                _holder);
            waiting.Parameters.AddWithValue(_keys);
            if ((bool)(await waiting.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The killed process's sessions go on once the lock is free and end at their next read from the dead client;
        // dropping the triggers waits for them.
        await _holder.DisposeAsync();
        await ExecuteAsync(_connectionString, $"""
            DROP TRIGGER IF EXISTS {Schema} ON "canvasdata2"."loaded_object";
            DROP TRIGGER IF EXISTS {Schema} ON "canvasdata2"."staging_job";
            DROP SCHEMA IF EXISTS {Schema} CASCADE;
            """, CancellationToken.None);
    }

    private static long KeyOf(string text) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
