using System.Globalization;

namespace CanvasData2.Local;

/// <summary>The superuser's generated password: kept in a 0700 directory, and given to clusters made with trust.</summary>
public sealed partial class LocalPostgresCluster
{
    private const string PasswordFileName = "password";
    private const string PgpassFileName = "pgpass";

    private static readonly string HbaConf = string.Join('\n',
        "# Written by CanvasData2: password (scram-sha-256) for everyone, TCP on loopback only.",
        "local all all scram-sha-256",
        "host all all 127.0.0.1/32 scram-sha-256",
        "host all all ::1/128 scram-sha-256",
        "");

    /// <summary>
    /// The superuser password from the 0700 auth directory, generated (with a pgpass file) when there is none yet;
    /// <c>Created</c> is true when it was generated now.
    /// </summary>
    private static async Task<(string Password, bool Created)> EnsurePasswordAsync(string dataDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("LocalPostgresCluster needs Unix file modes to keep its password private.");
        }

        var directory = AuthDirectoryOf(dataDirectory);
        var passwordFile = Path.Combine(directory, PasswordFileName);
        if (File.Exists(passwordFile))
        {
            return ((await File.ReadAllTextAsync(passwordFile, cancellationToken).ConfigureAwait(false)).Trim(), false);
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var secret = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var writer = new StreamWriter(passwordFile, secret))
        {
            await writer.WriteLineAsync(password).ConfigureAwait(false);
        }

        await using (var writer = new StreamWriter(Path.Combine(directory, PgpassFileName), secret))
        {
            await writer.WriteLineAsync($"127.0.0.1:*:*:postgres:{password}").ConfigureAwait(false);
        }

        if (asRoot)
        {
            // initdb runs as postgres and reads the password file; the directory stays 0700.
            await RunAsync("chown", ["-R", "postgres:postgres", directory], asRoot: false, cancellationToken).ConfigureAwait(false);
        }

        return (password, true);
    }

    /// <summary>Sets the password on a trust-authenticated cluster and replaces its pg_hba.conf (the password goes through stdin, never argv).</summary>
    private static async Task AdoptTrustClusterAsync(string bin, string dataDirectory, int? port, string password, bool asRoot, CancellationToken cancellationToken)
    {
        var statement = $"ALTER ROLE postgres PASSWORD '{password}';\n";
        if (port is { } running)
        {
            await RunAsync(Path.Combine(bin, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", running.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres"],
                asRoot, cancellationToken, standardInput: statement).ConfigureAwait(false);
        }
        else
        {
            // Single-user mode: no listener at all while the password is set.
            await RunAsync(Path.Combine(bin, "postgres"), ["--single", "-D", dataDirectory, "postgres"], asRoot, cancellationToken, standardInput: statement).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "pg_hba.conf"), HbaConf, cancellationToken).ConfigureAwait(false);
        if (port is not null)
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "reload"], asRoot, cancellationToken).ConfigureAwait(false);
        }
    }
}
