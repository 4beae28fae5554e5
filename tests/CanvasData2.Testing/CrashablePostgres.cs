using System.Diagnostics;
using CanvasData2.Local;
using Npgsql;

namespace CanvasData2.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own, whose backends the test may kill with SIGKILL (as the OOM killer or an
/// administrator's <c>kill -9</c> would). The postmaster then ends every session and runs crash recovery without
/// restarting: unlogged tables come back empty. The shared test cluster must never see this.
/// </summary>
public sealed class CrashablePostgres : IAsyncDisposable
{
    private readonly LocalPostgresCluster _cluster;
    private CrashablePostgres(LocalPostgresCluster cluster) => _cluster = cluster;

    public static async Task<CrashablePostgres> StartAsync(CancellationToken cancellationToken)
    {
        // Directly under the temp directory: the server's own user must reach it (a 0700 parent would refuse it).
        var directory = Path.Combine(Path.GetTempPath(), $"cd2-crash-pg-{Guid.NewGuid():N}");
        return new CrashablePostgres(await LocalPostgresCluster.StartAsync(directory, cancellationToken: cancellationToken));
    }

    /// <summary>A fresh database on this cluster.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"crash_{Guid.NewGuid():N}"[..20];
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(_cluster.ConnectionString(name)) { Pooling = false }.ConnectionString;
    }

    /// <summary>Kills one backend with SIGKILL, or <paramref name="backendPid"/> when given, and waits until the server accepts connections again.</summary>
    public async Task KillBackendAsync(CancellationToken cancellationToken, int? backendPid = null)
    {
        // kill(0) would signal this whole process group, test host included.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backendPid ?? 1, nameof(backendPid));
        var admin = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString()) { Pooling = false }.ConnectionString;

        // A backend of our own, held open so that it is alive when killed.
        var victim = new NpgsqlConnection(admin);
        await victim.OpenAsync(cancellationToken);
        using (var backend = Process.GetProcessById(backendPid ?? victim.ProcessID))
        {
            backend.Kill();
        }

        try
        {
            await victim.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException)
        {
            // Its backend is gone.
        }

        // The postmaster notices the death, ends every session and recovers; until then connections are refused.
        for (var attempt = 0; ; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync(cancellationToken);
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (attempt < 150)
            {
                // Still recovering.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAsync();
        try
        {
            Directory.Delete(_cluster.DataDirectory, recursive: true);
            Directory.Delete(_cluster.AuthDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
