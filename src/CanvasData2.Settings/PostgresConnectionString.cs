using System.Globalization;
using Npgsql;

namespace CanvasData2.Settings;

/// <summary>
/// Accepts both Npgsql keyword strings (passed through as given) and the URI form Instructure's CLI uses
/// (<c>postgresql://user:password@host:port/database?sslmode=verify-full&amp;…</c>, query parameters mapped to
/// Npgsql's; see <see cref="LibpqParameters"/>), and renders connection strings without passwords.
/// </summary>
public static partial class PostgresConnectionString
{
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return FromUri(value);
        }

        try
        {
            // Parsed only to refuse unknown keywords early; the string itself is used exactly as given.
            _ = new NpgsqlConnectionStringBuilder(value);
            return value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw Invalid();
        }
    }

    /// <summary>True when <paramref name="normalized"/> (what <see cref="Normalize"/> returned, so it parses) carries a password.</summary>
    public static bool HasPassword(string normalized) => !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(normalized).Password);

    /// <summary>Host, port, database and user, never the password: safe for logs and summaries.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    // The messages of parser exceptions may quote the value, password included: never pass them on.
    private static SettingException Invalid(string? detail = null) => new(
        $"{SettingNames.ConnectionString} is not a valid PostgreSQL connection string{(detail is null ? "" : ": " + detail)}; " +
        "use Host=...;Database=... or postgresql://user:password@host:port/database[?sslmode=...].");
}
