using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CanvasData2.Local;

/// <summary>
/// A PostgreSQL cluster of this machine's server binaries, started on 127.0.0.1 (TCP only) for the demo, the
/// tests and the benchmarks. Runs the server as the <c>postgres</c> user when the caller is root (the server
/// refuses root). No trust authentication: any local user could otherwise connect as superuser and run programs
/// as the server's owner. The superuser has a generated password (scram-sha-256), kept in a 0700 directory next
/// to the data directory (<see cref="AuthDirectory"/>) so that a later start attaches to the running cluster.
/// </summary>
public sealed partial class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly bool _stopOnDispose;
    private readonly string _password;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, int port, string password, bool stopOnDispose)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        _password = password;
        _stopOnDispose = stopOnDispose;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The 0700 directory holding the superuser's password (and a pgpass file for psql): <c>&lt;data directory&gt;.auth</c>.</summary>
    public string AuthDirectory => AuthDirectoryOf(DataDirectory);

    /// <summary>A pgpass file for this cluster (for psql: <c>PGPASSFILE</c>).</summary>
    public string PgpassFile => Path.Combine(AuthDirectory, PgpassFileName);

    /// <summary>Connection string for <paramref name="database"/> as the superuser <c>postgres</c>, with its password.</summary>
    public string ConnectionString(string database = "postgres")
        => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password={_password};Database={database}";

    /// <summary>Where the cluster of <paramref name="dataDirectory"/> keeps its password (delete it with the data directory).</summary>
    public static string AuthDirectoryOf(string dataDirectory) => Path.GetFullPath(dataDirectory).TrimEnd('/') + ".auth";

    /// <summary>
    /// Starts the cluster in <paramref name="dataDirectory"/> (created by initdb when empty), or attaches to it
    /// when it already runs. With <paramref name="installIfMissing"/>, installs Debian's <c>postgresql</c>
    /// package when no server binaries are found.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(
        string dataDirectory,
        bool installIfMissing = false,
        bool stopOnDispose = true,
        IReadOnlyDictionary<string, string>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory() ?? (installIfMissing ? await InstallAsync(cancellationToken).ConfigureAwait(false) : null)
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found (looked in CD2_PG_BIN and /usr/lib/postgresql/*/bin). Install them with: apt-get install -y postgresql");
        var asRoot = Environment.UserName == "root";
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory], asRoot: false, cancellationToken).ConfigureAwait(false);
        }

        var (password, created) = await EnsurePasswordAsync(dataDirectory, asRoot, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", dataDirectory, "-U", "postgres", "-A", "scram-sha-256", "--pwfile", Path.Combine(AuthDirectoryOf(dataDirectory), PasswordFileName),
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                asRoot, cancellationToken).ConfigureAwait(false);
            created = false;
        }

        var runningPort = ReadRunningPort(dataDirectory);
        var running = runningPort is not null && await IsRunningAsync(bin, dataDirectory, asRoot, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            // A cluster from before passwords (initdb -A trust): give the superuser the new password, then stop trusting.
            await AdoptTrustClusterAsync(bin, dataDirectory, running ? runningPort!.Value : null, password, asRoot, cancellationToken).ConfigureAwait(false);
        }

        if (running)
        {
            return new LocalPostgresCluster(bin, dataDirectory, runningPort!.Value, password, stopOnDispose);
        }

        var port = FreePort();
        var options = new List<string>
        {
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=200",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            options.Add("-c");
            options.Add($"{name}={value}");
        }

        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "-o", string.Join(' ', options), "start"],
            asRoot, cancellationToken).ConfigureAwait(false);
        return new LocalPostgresCluster(bin, dataDirectory, port, password, stopOnDispose);
    }

    /// <summary>Stops the server (fast shutdown).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
        => RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"],
            Environment.UserName == "root", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_stopOnDispose)
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The newest server binaries: <c>CD2_PG_BIN</c>, else <c>/usr/lib/postgresql/N/bin</c>.</summary>
    public static string? FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CD2_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private static async Task<string?> InstallAsync(CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        try
        {
            await RunAsync("apt-get", ["install", "-y", "-q", "postgresql"], false, cancellationToken, env).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("apt-get", ["update", "-q"], false, cancellationToken, env).ConfigureAwait(false);
            await RunAsync("apt-get", ["install", "-y", "-q", "postgresql"], false, cancellationToken, env).ConfigureAwait(false);
        }

        return FindBinDirectory();
    }

    private static int? ReadRunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        // Line 4 of postmaster.pid is the port the server listens on.
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static async Task<bool> IsRunningAsync(string bin, string dataDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "status"], asRoot, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        bool asRoot,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null)
    {
        var start = new ProcessStartInfo(asRoot ? "runuser" : program)
        {
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}");
        }
    }
}
