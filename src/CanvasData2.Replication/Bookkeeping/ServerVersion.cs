using System.Globalization;
using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>
/// The oldest PostgreSQL the replica is tested on (CI runs Debian's 15; Azure's template deploys 16): on an older
/// server a run stops before it changes anything, naming the version found and the one needed, rather than fail
/// later in a way nobody has seen.
/// </summary>
internal static class ServerVersion
{
    public const int Minimum = 150000;

    public static async Task CheckAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('server_version')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        Check(reader.GetInt32(0), reader.GetString(1));
    }

    public static void Check(int versionNumber, string version)
    {
        if (versionNumber < Minimum)
        {
            throw new ReplicationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The database server runs PostgreSQL {version}; CanvasData2 needs PostgreSQL {Minimum / 10000} or later. Nothing was changed."));
        }
    }
}
