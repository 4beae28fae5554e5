using System.Diagnostics;
using CanvasData2.Local;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Local.Tests;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task Create_database_on_the_test_server_gives_an_empty_utf8_database_of_its_own()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var first = await TestPostgres.CreateDatabaseAsync("local");
        var second = await TestPostgres.CreateDatabaseAsync("local");
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pg_encoding_to_char(encoding) || ':' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') FROM pg_database WHERE datname = current_database()",
            connection);
        Assert.Equal("UTF8:0", (string?)await command.ExecuteScalarAsync(cancellationToken));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_cluster_trusts_nobody_keeps_its_password_private_and_is_attached_again()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var directory = Path.Combine(Path.GetTempPath(), $"cd2-auth-pg-{Guid.NewGuid():N}");
        try
        {
            await using var cluster = await LocalPostgresCluster.StartAsync(directory, cancellationToken: cancellationToken);

            await AssertPasswordRequiredAsync(cluster, cancellationToken);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cluster.AuthDirectory));
            Assert.All(Directory.GetFiles(cluster.AuthDirectory), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
            Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(cluster.ConnectionString()).Password!, await File.ReadAllTextAsync(Path.Combine(directory, "server.log"), cancellationToken), StringComparison.Ordinal);

            // Attaching to the running cluster (as a second demo or test process would) reads the same password.
            await using var attached = await LocalPostgresCluster.StartAsync(directory, stopOnDispose: false, cancellationToken: cancellationToken);
            Assert.Equal((cluster.Port, cluster.ConnectionString()), (attached.Port, attached.ConnectionString()));
            Assert.Equal(1, await ScalarAsync(attached.ConnectionString(), "SELECT 1", cancellationToken));
        }
        finally
        {
            Delete(directory);
        }
    }

    [Fact]
    public async Task A_cluster_made_with_trust_before_passwords_is_given_one_when_started()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var directory = Path.Combine(Path.GetTempPath(), $"cd2-trust-pg-{Guid.NewGuid():N}");
        try
        {
            await InitTrustClusterAsync(directory, cancellationToken);

            await using var cluster = await LocalPostgresCluster.StartAsync(directory, cancellationToken: cancellationToken);

            await AssertPasswordRequiredAsync(cluster, cancellationToken);
        }
        finally
        {
            Delete(directory);
        }
    }

    /// <summary>No trust line in pg_hba.conf; a wrong password is refused; the right one works.</summary>
    private static async Task AssertPasswordRequiredAsync(LocalPostgresCluster cluster, CancellationToken cancellationToken)
    {
        Assert.Equal(0, await ScalarAsync(cluster.ConnectionString(), "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method NOT IN ('scram-sha-256')", cancellationToken));
        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Password = "wrong" }.ConnectionString;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(wrong, "SELECT 1", cancellationToken));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        var none = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Password = null }.ConnectionString;
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(none, "SELECT 1", cancellationToken));
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What earlier versions did: initdb with trust authentication (as postgres when we are root).</summary>
    private static async Task InitTrustClusterAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        var initdb = Path.Combine(LocalPostgresCluster.FindBinDirectory()!, "initdb");
        var start = new ProcessStartInfo(asRoot ? "runuser" : initdb) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            await Process.Start("chown", ["postgres:postgres", directory]).WaitForExitAsync(cancellationToken);
            foreach (var a in new[] { "-u", "postgres", "--", initdb })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in new[] { "-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, await output);
    }

    private static void Delete(string directory)
    {
        foreach (var d in new[] { directory, LocalPostgresCluster.AuthDirectoryOf(directory) })
        {
            if (Directory.Exists(d))
            {
                Directory.Delete(d, recursive: true);
            }
        }
    }
}
