using System.Diagnostics;
using System.Globalization;
using CanvasData2.Local;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Bench;

/// <summary>
/// The benchmark's own PostgreSQL cluster, on PostgreSQL's default settings (what a user runs) or, with
/// <c>--tuned</c>, on bulk-load settings; and small SQL and shell helpers.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    // Bulk-load settings (--tuned): big WAL budget so no checkpoint lands mid-load, minimal WAL, no wait on commit
    // flush. Both our path and the baselines run on the same server, so the ratios stay fair either way.
    private static readonly Dictionary<string, string> BulkSettings = new()
    {
        ["shared_buffers"] = "1GB",
        ["maintenance_work_mem"] = "512MB",
        ["work_mem"] = "64MB",
        ["max_wal_size"] = "16GB",
        ["checkpoint_timeout"] = "30min",
        ["wal_level"] = "minimal",
        ["max_wal_senders"] = "0",
        ["wal_buffers"] = "64MB",
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
        ["autovacuum"] = "off",
    };

    private readonly LocalPostgresCluster _cluster;
    private readonly string _dataDirectory;

    private BenchDatabase(LocalPostgresCluster cluster, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        _cluster = cluster;
        _dataDirectory = dataDirectory;
        Settings = settings;
    }

    /// <summary>The settings that differ from PostgreSQL's defaults (none unless tuned).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public int Port => _cluster.Port;

    public static async Task<BenchDatabase> StartAsync(bool tuned, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"cd2-bench-pg-{Guid.NewGuid():N}");
        var settings = tuned ? new Dictionary<string, string>(BulkSettings) : [];
        var chosen = new Dictionary<string, string>(settings);
        // CD2_BENCH_PG_LOG_MS=n logs every statement slower than n ms to the server log (kept, path printed): the SQL profile.
        if (Environment.GetEnvironmentVariable("CD2_BENCH_PG_LOG_MS") is { Length: > 0 } threshold)
        {
            settings["log_min_duration_statement"] = threshold;

            // auto_explain adds each slow statement's executed plan (EXPLAIN ANALYZE) to the same log.
            settings["session_preload_libraries"] = "auto_explain";
            settings["auto_explain.log_min_duration"] = threshold;
            settings["auto_explain.log_analyze"] = "on";
            settings["auto_explain.log_buffers"] = "on";
            Console.WriteLine($"  statements slower than {threshold} ms are logged to {Path.Combine(directory, "server.log")}");
        }

        var cluster = await LocalPostgresCluster.StartAsync(directory, settings: settings, cancellationToken: cancellationToken);
        return new BenchDatabase(cluster, directory, chosen);
    }

    public string ConnectionString(string database) => _cluster.ConnectionString(database) + ";Timeout=60;Command Timeout=0";

    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", cancellationToken);
        await ExecuteAsync("postgres", $"CREATE DATABASE {Quote(name)}", cancellationToken);
        return ConnectionString(name);
    }

    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken)
        => ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", cancellationToken);

    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<string>> ColumnsAsync(string database, string schema, string table, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position", connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>psql of the same server installation, connected to <paramref name="database"/>, as a shell word list (password from the cluster's pgpass file).</summary>
    public string Psql(string database)
        => $"PGPASSFILE={_cluster.PgpassFile} {Path.Combine(LocalPostgresCluster.FindBinDirectory()!, "psql")} -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -U postgres -d {database}";

    /// <summary>Runs a bash pipeline and returns its wall time; throws with its stderr when it fails.</summary>
    public static async Task<TimeSpan> ShellAsync(string script, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync("bash", ["-o", "pipefail", "-c", script], cancellationToken);
        var elapsed = clock.Elapsed;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Shell step failed ({result.ExitCode}): {script}\n{result.Stderr}{result.Stdout}");
        }

        return elapsed;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Environment.GetEnvironmentVariable("CD2_BENCH_PG_LOG_MS") is { Length: > 0 })
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
            Directory.Delete(_cluster.AuthDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
