using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Settings;
using CanvasData2.Settings;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Cli.Tests;

/// <summary>Connection strings mean what they say: URI query parameters are kept (or refused by name), keywords pass through.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void Uri_query_parameters_map_to_npgsql_settings()
    {
        var normalized = PostgresConnectionString.Normalize(
            "postgresql://cd2:p%40ss@db.example.com:6543/replica?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&sslcert=/c.pem&sslkey=/k.pem"
            + "&application_name=cd2%20nightly&connect_timeout=7&options=-c%20statement_timeout%3D0&target_session_attrs=read-write");
        var builder = new NpgsqlConnectionStringBuilder(normalized);

        Assert.Equal(("db.example.com", 6543, "replica", "cd2", "p@ss"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal(("/etc/ca.pem", "/c.pem", "/k.pem"), (builder.RootCertificate, builder.SslCertificate, builder.SslKey));
        Assert.Equal("cd2 nightly", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("-c statement_timeout=0", builder.Options);
        Assert.Equal("read-write", builder.TargetSessionAttributes);
    }

    [Theory]
    [InlineData("postgresql://scott:password@server.example.com/testdb", "server.example.com", 5432, "testdb")]
    [InlineData("postgresql://scott:password@server.example.com:5433/testdb?ssl=require", "server.example.com", 5433, "testdb")]
    [InlineData("postgres://scott@[::1]:5433/testdb", "::1", 5433, "testdb")]
    [InlineData("postgresql://scott@/testdb?host=%2Fvar%2Frun%2Fpostgresql", "/var/run/postgresql", 5432, "testdb")]
    public void The_official_clients_uri_examples_work_as_given(string uri, string host, int port, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(uri));

        Assert.Equal((host, port, database, "scott"), (builder.Host, builder.Port, builder.Database, builder.Username));
        Assert.Equal(uri.Contains("ssl=require", StringComparison.Ordinal) ? SslMode.Require : SslMode.Prefer, builder.SslMode);
    }

    [Theory]
    [InlineData("postgresql://u:pw-secret@h/db?sslmode=verify-full&gssencmode=disable", "gssencmode")]
    [InlineData("postgresql://u:pw-secret@h/db?sslMode=require", "sslMode")]
    [InlineData("postgresql://u:pw-secret@h/db?sslmode=verify_full", "sslmode")]
    public void An_unknown_parameter_or_value_is_an_error_naming_it_and_not_the_password(string uri, string named)
    {
        var error = Assert.Throws<SettingException>(() => PostgresConnectionString.Normalize(uri));

        Assert.Contains($"'{named}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DAP_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Database=replica;Username=cd2;SSL Mode=VerifyFull;Root Certificate=/etc/ca.pem")]
    [InlineData("host=db;database=replica;username=cd2;password=x;sslmode=require")]
    public void The_keyword_form_passes_through_unchanged(string keywords)
        => Assert.Equal(keywords, PostgresConnectionString.Normalize(keywords));

    [Fact]
    public async Task Sslmode_in_a_uri_is_honoured_by_a_real_connection()
    {
        // The test cluster has no TLS: sslmode=require must make the connection fail (it silently connected before).
        var db = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("uri"));
        var password = string.IsNullOrEmpty(db.Password) ? "" : ":" + Uri.EscapeDataString(db.Password);
        var uri = $"postgresql://{db.Username}{password}@{db.Host}:{db.Port}/{db.Database}";

        var plain = await Cd2.RunAsync(["status"], new Dictionary<string, string> { ["DAP_CONNECTION_STRING"] = uri + "?sslmode=disable" }, TestTimeout.Seconds(60));
        var required = await Cd2.RunAsync(["status"], new Dictionary<string, string> { ["DAP_CONNECTION_STRING"] = uri + "?sslmode=require" }, TestTimeout.Seconds(60));

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.NotEqual(0, required.ExitCode);
        Assert.Contains("SSL", required.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_secret_on_the_command_line_draws_a_warning_pointing_at_the_variable()
    {
        const string Secret = "pw-on-the-command-line";
        var environment = new Dictionary<string, string> { ["DAP_CLIENT_ID"] = "id", ["DAP_API_URL"] = "http://127.0.0.1:9" };

        var flagSecret = await Cd2.RunAsync(["list", "--client-secret", Secret], environment, TestTimeout.Seconds(60));
        var flagPassword = await Cd2.RunAsync(["status", "--connection-string", $"Host=127.0.0.1;Port=9;Password={Secret};Timeout=2"], null, TestTimeout.Seconds(60));
        var envPassword = await Cd2.RunAsync(["status"], new Dictionary<string, string> { ["DAP_CONNECTION_STRING"] = $"Host=127.0.0.1;Port=9;Password={Secret};Timeout=2" }, TestTimeout.Seconds(60));
        var help = await Cd2.RunAsync(["--help"], null, TestTimeout.Seconds(60));

        Assert.Contains("warning: --client-secret carries the client secret on the command line", Flat(flagSecret.Stderr), StringComparison.Ordinal);
        Assert.Contains("set the DAP_CLIENT_SECRET environment variable instead", Flat(flagSecret.Stderr), StringComparison.Ordinal);
        Assert.Contains("warning: --connection-string carries a password on the command line", Flat(flagPassword.Stderr), StringComparison.Ordinal);
        Assert.Contains("set the DAP_CONNECTION_STRING environment variable instead", Flat(flagPassword.Stderr), StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", envPassword.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, flagSecret.All + flagPassword.All + envPassword.All, StringComparison.Ordinal);
        Assert.Contains("set DAP_CLIENT_SECRET instead", Flat(help.Stdout), StringComparison.Ordinal);
    }

    /// <summary>The text with line wrapping (console width) and indentation undone.</summary>
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
