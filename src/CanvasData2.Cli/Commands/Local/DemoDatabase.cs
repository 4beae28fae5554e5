using CanvasData2.Cli.Output;
using CanvasData2.Replication.Local;
using Npgsql;

namespace CanvasData2.Cli.Commands.Local;

/// <summary>
/// The demo's PostgreSQL: the configured connection string as is, or a local cluster in
/// <c>~/.cd2/demo-pg</c> (a temp directory for root or when home is not writable) holding a fresh <c>cd2_demo</c>
/// database; a cluster the demo started is stopped on dispose.
/// </summary>
internal sealed class DemoDatabase : IAsyncDisposable
{
    private const string DatabaseName = "cd2_demo";
    private readonly LocalPostgresCluster? _cluster;

    private DemoDatabase(string connectionString, LocalPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public static async Task<DemoDatabase> OpenAsync(string? configured, CliConsole console, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return new DemoDatabase(configured, null);
        }

        var directory = DataDirectory();
        console.Info($"Starting a local PostgreSQL in {directory} (installing it with apt-get when missing)...");
        var cluster = await LocalPostgresCluster.StartAsync(directory, installIfMissing: true, stopOnDispose: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await RecreateDatabaseAsync(cluster.ConnectionString(), cancellationToken).ConfigureAwait(false);
            return new DemoDatabase(cluster.ConnectionString(DatabaseName), cluster);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string DataDirectory()
    {
        // As root the server runs as 'postgres', which cannot enter root's home: use the temp directory then.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home) && Environment.UserName != "root")
        {
            var directory = Path.Combine(home, ".cd2", "demo-pg");
            try
            {
                Directory.CreateDirectory(directory);
                return directory;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Fall through to a temp directory.
            }
        }

        return Path.Combine(Path.GetTempPath(), "cd2-demo-pg");
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
