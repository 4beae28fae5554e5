using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// infra/hooks/schema.sql, the SQL both post-provision hooks run, executed by psql on a real PostgreSQL.
/// Azure's pgaadauth_create_principal is replaced by a stand-in that creates a login role and records the call.
/// </summary>
public sealed class PostgresSetupScriptTests
{
    private const string StandIn = """
        CREATE TABLE aad_calls (role_name text NOT NULL);
        CREATE FUNCTION pgaadauth_create_principal(role_name text, is_admin boolean, is_mfa boolean) RETURNS text
        LANGUAGE plpgsql AS $f$
        BEGIN
            INSERT INTO aad_calls VALUES (role_name);
            EXECUTE format('CREATE ROLE %I LOGIN', role_name);
            RETURN format('Created role for "%s"', role_name);
        END
        $f$;
        """;

    [Fact]
    public async Task Setup_script_run_twice_creates_role_once_and_grants_database_and_schema()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("infra")) { Pooling = false };
        var identity = $"id-cd2-{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(connectionString.ConnectionString, StandIn, cancellationToken);
        try
        {
            for (var run = 0; run < 2; run++)
            {
                await RunScriptAsync(connectionString, "role", identity, cancellationToken);
                await RunScriptAsync(connectionString, "schema", identity, cancellationToken);
            }

            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM aad_calls WHERE role_name = @identity", identity, cancellationToken));
            Assert.Equal(true, await ScalarAsync(connection, "SELECT has_database_privilege(@identity, current_database(), 'CREATE')", identity, cancellationToken));
            Assert.Equal(true, await ScalarAsync(connection, "SELECT has_schema_privilege(@identity, 'instructure_dap', 'CREATE')", identity, cancellationToken));
            Assert.Equal(true, await ScalarAsync(connection, "SELECT has_schema_privilege(@identity, 'instructure_dap', 'USAGE')", identity, cancellationToken));
        }
        finally
        {
            var admin = new NpgsqlConnectionStringBuilder(await TestPostgres.AdminConnectionStringAsync()) { Pooling = false };
            await ExecuteAsync(admin.ConnectionString,
                $"DROP DATABASE IF EXISTS {Quote(connectionString.Database!)} WITH (FORCE); DROP ROLE IF EXISTS {Quote(identity)};",
                TestTimeout.Seconds(30));
        }
    }

    [Fact]
    public async Task Setup_script_without_identity_stops_with_a_clear_message()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("infra")) { Pooling = false };

        var result = await ProcessRunner.RunAsync(Psql(),
            ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-v", "phase=role", "-f", Repository.PathOf("infra/hooks/schema.sql")],
            cancellationToken, PsqlEnvironment(connectionString));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("identity is required", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task RunScriptAsync(NpgsqlConnectionStringBuilder target, string phase, string identity, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(Psql(),
            ["--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "-v", $"phase={phase}", "-v", $"identity={identity}",
             "-v", $"db={target.Database}", "-f", Repository.PathOf("infra/hooks/schema.sql")],
            cancellationToken, PsqlEnvironment(target));
        Assert.True(result.ExitCode == 0, $"psql {phase} phase: {result}");
    }

    private static Dictionary<string, string> PsqlEnvironment(NpgsqlConnectionStringBuilder target) => new()
    {
        ["PGHOST"] = target.Host!,
        ["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = target.Username!,
        ["PGPASSWORD"] = target.Password ?? "",
        ["PGDATABASE"] = target.Database!,
    };

    private static string Psql()
        => ProcessRunner.FindOnPath("psql")
           ?? Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).FirstOrDefault()
           ?? throw new InvalidOperationException("psql is not installed (PostgreSQL client).");

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string identity, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("identity", identity);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
