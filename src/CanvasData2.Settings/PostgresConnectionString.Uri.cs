using Npgsql;

namespace CanvasData2.Settings;

public static partial class PostgresConnectionString
{
    private static string FromUri(string value)
    {
        // libpq allows an empty host (postgresql:///db, postgresql://user@/db?host=/socket/dir); System.Uri does not.
        var authority = value.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostStart = value.IndexOf('@', authority) is var at and >= 0 && at < value.IndexOfAny(['/', '?'], authority) ? at + 1 : authority;
        if (hostStart == value.Length || value[hostStart] is '/' or '?')
        {
            value = value.Insert(hostStart, "localhost");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw Invalid();
        }

        if (uri.Scheme is not ("postgresql" or "postgres" or "postgresql+asyncpg"))
        {
            throw Invalid($"the scheme must be postgresql://, not {uri.Scheme}://");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        if (uri.Host.Length > 0)
        {
            builder.Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.DnsSafeHost : uri.Host;
        }

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

        foreach (var (name, parameterValue) in QueryParameters(uri.Query))
        {
            LibpqParameters.Apply(builder, name, parameterValue);
        }

        return builder.ConnectionString;
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid($"the query parameter '{Uri.UnescapeDataString(equals < 0 ? pair : "=")}' has no name=value form");
            }

            yield return (Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')));
        }
    }
}
