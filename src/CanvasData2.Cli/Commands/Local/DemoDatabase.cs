using CanvasData2.Cli.Output;
using CanvasData2.Local;
using Npgsql;

namespace CanvasData2.Cli.Commands.Local;

/// <summary>
/// The demo's PostgreSQL: the configured connection string as is, or a local cluster in
/// <c>~/.cd2/demo-pg</c> (a temp directory of this run for root or when home is not writable) holding a fresh
/// <c>cd2_demo</c> database; a cluster the demo started is stopped on dispose, and a temp directory removed.
/// </summary>
internal sealed class DemoDatabase : IAsyncDisposable
{
    private const string DatabaseName = "cd2_demo";
    private readonly LocalPostgresCluster? _cluster;
    private readonly string? _temporaryDirectory;

    private DemoDatabase(string connectionString, LocalPostgresCluster? cluster, string? temporaryDirectory)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
        _temporaryDirectory = temporaryDirectory;
    }

    public string ConnectionString { get; }

    public static async Task<DemoDatabase> OpenAsync(string? configured, CliConsole console, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return new DemoDatabase(configured, null, null);
        }

        var (directory, temporary) = DataDirectory();
        console.Info($"Starting a local PostgreSQL in {directory} (installing Debian's postgresql package when missing)...");
        var cluster = await LocalPostgresCluster.StartAsync(directory, installIfMissing: true, stopOnDispose: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await RecreateDatabaseAsync(cluster.ConnectionString(), cancellationToken).ConfigureAwait(false);
            return new DemoDatabase(cluster.ConnectionString(DatabaseName), cluster, temporary ? directory : null);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }

        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
                Directory.Delete(LocalPostgresCluster.AuthDirectoryOf(_temporaryDirectory), recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    private static (string Directory, bool Temporary) DataDirectory()
    {
        // As root the server runs as 'postgres', which cannot enter root's home: use the temp directory then.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home) && Environment.UserName != "root")
        {
            var directory = Path.Combine(home, ".cd2", "demo-pg");
            try
            {
                Directory.CreateDirectory(directory);
                return (directory, false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Fall through to a temp directory.
            }
        }

        // One directory per run: two demos sharing a cluster would drop each other's database and stop its server.
        return (Path.Combine(Path.GetTempPath(), $"cd2-demo-pg-{Environment.ProcessId}"), true);
    }

    /// <summary>Each demo starts from an empty database, so its story (init, then sync) is the same every time.</summary>
    private static async Task RecreateDatabaseAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(adminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", $"CREATE DATABASE \"{DatabaseName}\"" })
            {
                var command = new NpgsqlCommand(sql, connection);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
