using System.Globalization;
using CanvasData2.Cli.Hosting;
using Npgsql;

namespace CanvasData2.Cli.Settings;

/// <summary>
/// Accepts both Npgsql keyword strings and the RFC 3986 form Instructure's CLI uses
/// (<c>postgresql://user:password@host:port/database</c>), and renders connection strings without passwords.
/// </summary>
internal static class PostgresConnectionString
{
    public static string Normalize(string value)
    {
        try
        {
            return value.Contains("://", StringComparison.Ordinal) ? FromUri(value) : new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            // The message of these exceptions may quote the value, password included: drop it.
            throw new UsageException(
                $"--connection-string ({EnvironmentNames.ConnectionString}) is not a valid PostgreSQL connection string; use Host=...;Database=... or postgresql://user:password@host:port/database.");
        }
    }

    /// <summary>Host, port, database and user, never the password: safe for logs and summaries.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string FromUri(string value)
    {
        var uri = new Uri(value);
        if (uri.Scheme is not ("postgresql" or "postgres" or "postgresql+asyncpg"))
        {
            throw new FormatException("Only PostgreSQL is supported.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        return builder.ConnectionString;
    }
}
