using Azure.Core;
using CanvasData2.Settings;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// The replica's data source: <c>DAP_CONNECTION_STRING</c> when set (Npgsql keywords or a <c>postgresql://</c> URI, as
/// cd2 reads it); else Entra authentication to
/// <c>POSTGRES_HOST</c>/<c>POSTGRES_DATABASE</c> as <c>POSTGRES_USER</c> with an access token that Npgsql's
/// periodic password provider renews before it expires. The token is the password, so TLS must verify the
/// server's certificate chain (system roots) and host name: <see cref="SslMode.VerifyFull"/>, never Require.
/// Each instance's pool holds at most <c>CD2_DB_POOL_SIZE</c> connections (default <see cref="DefaultPoolSize"/>),
/// so that the instances main.bicep allows together fit the server's connection limit.
/// </summary>
internal static class PostgresSettings
{
    public const string EntraScope = "https://ossrdbms-aad.database.windows.net/.default";
    public const SslMode EntraSslMode = SslMode.VerifyFull;

    /// <summary>host.json's maxConcurrentActivityFunctions (one connection per activity) + 2 for HTTP and timers.</summary>
    public const int DefaultPoolSize = 10;
    private static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan TokenRetry = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The same sign-in on the server's <c>postgres</c> database, where Azure keeps the function that makes roles for
    /// Entra principals (the readers); null when <c>DAP_CONNECTION_STRING</c> names the database directly.
    /// </summary>
    public static NpgsqlDataSource? CreateRoleAdminDataSource(IConfiguration configuration, TokenCredential credential)
        => configuration[SettingNames.ConnectionString] is { Length: > 0 } ? null : CreateDataSource(configuration, credential, "postgres");

    public static NpgsqlDataSource CreateDataSource(IConfiguration configuration, TokenCredential credential, string? database = null)
    {
        var poolSize = SettingValues.PositiveInt(configuration[SettingNames.DbPoolSize], SettingNames.DbPoolSize, DefaultPoolSize);
        if (configuration[SettingNames.ConnectionString] is { Length: > 0 } connectionString)
        {
            return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(connectionString)) { MaxPoolSize = poolSize }.ConnectionString);
        }

        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = Required(configuration, SettingNames.PostgresHost),
            Database = database ?? Required(configuration, SettingNames.PostgresDatabase),
            Username = Required(configuration, SettingNames.PostgresUser),
            SslMode = EntraSslMode,
            MaxPoolSize = poolSize,
        }.ConnectionString);
        builder.UsePeriodicPasswordProvider(
            async (_, cancellationToken) =>
                (await credential.GetTokenAsync(new TokenRequestContext([EntraScope]), cancellationToken).ConfigureAwait(false)).Token,
            TokenRefresh,
            TokenRetry);
        return builder.Build();
    }

    private static string Required(IConfiguration configuration, string key)
        => configuration[key] is { Length: > 0 } value
            ? value
            : throw new SettingException($"Setting {key} is required when {SettingNames.ConnectionString} is not set.");
}
