using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Infra.Tests.PermissionModel;

/// <summary>
/// Azure Database for PostgreSQL Flexible Server's permission model on the local test PostgreSQL, as far as the
/// replica's setup depends on it (sources in infra/README.md, "Database ownership"):
/// <list type="bullet">
/// <item>the platform acts as the superuser <c>azuresu</c>; customers never get superuser;</item>
/// <item>an Entra admin added through ARM is a <c>NOSUPERUSER CREATEDB CREATEROLE</c> login, member of
/// <c>azure_pg_admin</c>, made by <c>pgaadauth_create_principal(name, true, false)</c>;</item>
/// <item>a database created through ARM is owned by an Entra admin when one exists, else by <c>azuresu</c>.</item>
/// </list>
/// Each instance uses its own role names; the two server-wide roles are shared and created once.
/// </summary>
internal sealed class AzureFlexibleServer
{
    private const string PlatformSetup = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'azuresu') THEN
                CREATE ROLE azuresu SUPERUSER LOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'azure_pg_admin') THEN
                CREATE ROLE azure_pg_admin NOLOGIN;
            END IF;
        END
        $$;
        """;

    // Azure's functions, in the postgres database where its docs run them (an app database does not have them).
    private const string EntraFunctions = """
        -- Stand-in for Azure's function (same signature): admins join azure_pg_admin with CREATEDB CREATEROLE.
        CREATE OR REPLACE FUNCTION pgaadauth_create_principal(role_name text, is_admin boolean, is_mfa boolean) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER AS $f$
        BEGIN
            IF is_admin THEN
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER CREATEDB CREATEROLE IN ROLE azure_pg_admin', role_name);
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN', role_name);
            END IF;
            RETURN format('Created role for "%s"', role_name);
        END
        $f$;
        ALTER FUNCTION pgaadauth_create_principal(text, boolean, boolean) OWNER TO azuresu;
        -- Stand-in for the documented way to make a role for an Entra principal by object id (any Entra admin may
        -- call it); the role is a login whose token the platform checks. Fails like Azure's when the role exists.
        CREATE OR REPLACE FUNCTION pgaadauth_create_principal_with_oid(role_name text, object_id text, object_type text, is_admin boolean, is_mfa boolean) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER AS $f$
        BEGIN
            IF object_type NOT IN ('user', 'group', 'service') THEN
                RAISE EXCEPTION 'unknown principal type %', object_type;
            END IF;
            IF NOT pg_has_role(session_user, 'azure_pg_admin', 'MEMBER') THEN
                RAISE EXCEPTION 'only an Entra admin may create principals' USING ERRCODE = '42501';
            END IF;
            EXECUTE format('CREATE ROLE %I LOGIN', role_name);
            EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, 'entra ' || object_type || ' ' || object_id);
            RETURN format('Created role for "%s"', role_name);
        END
        $f$;
        ALTER FUNCTION pgaadauth_create_principal_with_oid(text, text, text, boolean, boolean) OWNER TO azuresu;
        """;

    private static readonly SemaphoreSlim PlatformGate = new(1, 1);
    private readonly string _platform;

    // Stands in for the Entra token: the local cluster refuses password-less sign-ins (hex, so safe to inline).
    private readonly string _password = Guid.NewGuid().ToString("N");
    private readonly List<string> _roles = [];
    private readonly List<string> _databases = [];
    private readonly List<string> _madeByApp = [];

    private AzureFlexibleServer(string platform) => _platform = platform;

    /// <summary>Roles in the order ARM made them Entra admins (the first one is what Azure picks as a database owner).</summary>
    public IReadOnlyList<string> EntraAdmins => _roles;

    public static async Task<AzureFlexibleServer> StartAsync(CancellationToken cancellationToken)
    {
        var platform = new NpgsqlConnectionStringBuilder(await TestPostgres.AdminConnectionStringAsync()) { Pooling = false }.ConnectionString;
        await PlatformGate.WaitAsync(cancellationToken);
        try
        {
            await ExecuteAsync(platform, PlatformSetup + EntraFunctions, cancellationToken);
        }
        finally
        {
            PlatformGate.Release();
        }

        return new AzureFlexibleServer(platform);
    }

    /// <summary>ARM <c>flexibleServers/administrators</c>: the platform maps an Entra principal to an admin role.</summary>
    public async Task AddEntraAdminAsync(string principalName, CancellationToken cancellationToken)
    {
        await ExecuteAsync(_platform, "SELECT pgaadauth_create_principal(@name, true, false)", cancellationToken, principalName);
        await ExecuteAsync(_platform, $"ALTER ROLE {Quote(principalName)} PASSWORD '{_password}'", cancellationToken);
        _roles.Add(principalName);
    }

    /// <summary>
    /// A principal's sign-in (locally a password standing in for its Entra token) to a role the app made: the
    /// role is dropped with this instance.
    /// </summary>
    public async Task<string> SignInAsync(string role, string database, CancellationToken cancellationToken)
    {
        await ExecuteAsync(_platform, $"ALTER ROLE {Quote(role)} PASSWORD '{_password}'", cancellationToken);
        if (!_roles.Contains(role) && !_madeByApp.Contains(role))
        {
            _madeByApp.Add(role);
        }

        return ConnectionStringAs(role, database);
    }

    /// <summary>
    /// What the template deploys, in its order (DatabaseOwnershipTests proves it over the ARM graph): the app's
    /// identity as Entra admin, then the database, then the deployer as a second admin.
    /// </summary>
    public async Task ProvisionAsTemplateAsync(string app, string database, string deployer, CancellationToken cancellationToken)
    {
        await AddEntraAdminAsync(app, cancellationToken);
        await CreateDatabaseThroughArmAsync(database, cancellationToken);
        await AddEntraAdminAsync(deployer, cancellationToken);
    }

    /// <summary>ARM <c>flexibleServers/databases</c>: owned by the first Entra admin, or by azuresu when there is none.</summary>
    public async Task CreateDatabaseThroughArmAsync(string database, CancellationToken cancellationToken)
    {
        var owner = _roles.Count > 0 ? _roles[0] : "azuresu";
        await ExecuteAsync(_platform, $"CREATE DATABASE {Quote(database)} OWNER {Quote(owner)}", cancellationToken);
        _databases.Add(database);
    }

    /// <summary>How the app's managed identity signs in (locally: a generated password instead of an Entra token).</summary>
    public string ConnectionStringAs(string role, string database)
        => new NpgsqlConnectionStringBuilder(_platform) { Username = role, Database = database, Password = _password, Pooling = false }.ConnectionString;

    /// <summary>One value from <paramref name="database"/>, read as the platform; <c>@name</c> in the SQL is <paramref name="name"/>.</summary>
    public async Task<object?> ScalarAsync(string sql, string database, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_platform) { Database = database }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Drops what this instance made (databases first: they are owned by its roles).</summary>
    public async Task RemoveAsync()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        foreach (var database in _databases)
        {
            await ExecuteAsync(_platform, $"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)", cancellationToken);
        }

        foreach (var role in _madeByApp.Concat(Enumerable.Reverse(_roles)))
        {
            await ExecuteAsync(_platform, $"DROP OWNED BY {Quote(role)}; DROP ROLE IF EXISTS {Quote(role)}", cancellationToken);
        }
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken, string? name = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
