using CanvasData2.Local;
using Npgsql;

namespace CanvasData2.Testing;

/// <summary>
/// The real PostgreSQL every database test uses: <c>CD2_TEST_POSTGRES</c> (a connection string to a server
/// where we may create databases) when set, else one local cluster started for this test process and
/// stopped when it exits. Each caller gets a database of its own.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;

    /// <summary>Connection string of the server's <c>postgres</c> database, starting the server on first use.</summary>
    public static async Task<string> AdminConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _adminConnectionString ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CD2_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        SweepLeftovers();
        var directory = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}");
        var cluster = await LocalPostgresCluster.StartAsync(
            directory,
            settings: new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off", ["full_page_writes"] = "off" });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(directory, recursive: true);
                Directory.Delete(cluster.AuthDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp directory is harmless.
            }
        };
        return cluster.ConnectionString();
    }

    private const string DirectoryPrefix = "cd2-test-pg-";

    /// <summary>
    /// Deletes the clusters of test processes that are gone: the test runner ends a test host soon after its last
    /// test, often before the exit handler above has deleted anything, and each cluster left behind holds about 1 GB.
    /// A cluster whose server still runs (its test host was killed before stopping it) is left alone.
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (var path in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var owner = Path.GetFileName(path)[DirectoryPrefix.Length..].Split('.')[0];
            if (int.TryParse(owner, out var pid) && !IsRunning(pid) && !ServerRunsIn(path))
            {
                try
                {
                    Directory.Delete(path, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another test process sweeping the same leftover: either delete is enough.
                }
            }
        }
    }

    private static bool ServerRunsIn(string directory)
    {
        try
        {
            var pidFile = Path.Combine(directory, "postmaster.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var server) && IsRunning(server);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server stopping right now removes its pid file: leave the cluster to the next sweep.
            return true;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
