using System.Globalization;
using Npgsql;

namespace CanvasData2.Settings;

/// <summary>
/// The libpq URI query parameters Npgsql can honour, mapped to its settings. Anything else is refused by name:
/// a silently dropped <c>sslmode=verify-full</c> would connect without the check the user asked for.
/// </summary>
internal static class LibpqParameters
{
    private static readonly Dictionary<string, Action<NpgsqlConnectionStringBuilder, string>> Setters = new(StringComparer.Ordinal)
    {
        ["host"] = (b, v) => b.Host = v,
        ["port"] = (b, v) => b.Port = Number(v, "port"),
        ["dbname"] = (b, v) => b.Database = v,
        ["user"] = (b, v) => b.Username = v,
        ["password"] = (b, v) => b.Password = v,
        ["passfile"] = (b, v) => b.Passfile = v,
        ["sslmode"] = (b, v) => b.SslMode = SslMode(v),
        ["ssl"] = (b, v) => b.SslMode = SslMode(v), // the official dap client's spelling
        ["sslrootcert"] = (b, v) => b.RootCertificate = v,
        ["sslcert"] = (b, v) => b.SslCertificate = v,
        ["sslkey"] = (b, v) => b.SslKey = v,
        ["sslpassword"] = (b, v) => b.SslPassword = v,
        ["sslnegotiation"] = (b, v) => b.SslNegotiation = v == "direct" ? Npgsql.SslNegotiation.Direct : v == "postgres" ? Npgsql.SslNegotiation.Postgres : throw Unsupported("sslnegotiation", v),
        ["channel_binding"] = (b, v) => b.ChannelBinding = v switch
        {
            "disable" => Npgsql.ChannelBinding.Disable,
            "prefer" => Npgsql.ChannelBinding.Prefer,
            "require" => Npgsql.ChannelBinding.Require,
            _ => throw Unsupported("channel_binding", v),
        },
        ["application_name"] = (b, v) => b.ApplicationName = v,
        ["connect_timeout"] = (b, v) => b.Timeout = Number(v, "connect_timeout"),
        ["options"] = (b, v) => b.Options = v,
        ["client_encoding"] = (b, v) => b.ClientEncoding = v,
        ["target_session_attrs"] = (b, v) => b.TargetSessionAttributes = v is "any" or "read-write" or "read-only" or "primary" or "standby" or "prefer-standby"
            ? v
            : throw Unsupported("target_session_attrs", v),
        ["krbsrvname"] = (b, v) => b.KerberosServiceName = v,
        ["keepalives_idle"] = (b, v) => b.TcpKeepAliveTime = Number(v, "keepalives_idle"),
        ["keepalives_interval"] = (b, v) => b.TcpKeepAliveInterval = Number(v, "keepalives_interval"),
    };

    /// <summary>The parameter names accepted, for help and errors.</summary>
    public static IEnumerable<string> Names => Setters.Keys.Order(StringComparer.Ordinal);

    public static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        if (!Setters.TryGetValue(name, out var set))
        {
            throw new SettingException(
                $"{SettingNames.ConnectionString}: the URI parameter '{name}' is not supported; use one of {string.Join(", ", Names)}, or the Npgsql keyword form.");
        }

        set(builder, value);
    }

    private static Npgsql.SslMode SslMode(string value) => value switch
    {
        "disable" => Npgsql.SslMode.Disable,
        "allow" => Npgsql.SslMode.Allow,
        "prefer" => Npgsql.SslMode.Prefer,
        "require" => Npgsql.SslMode.Require,
        "verify-ca" => Npgsql.SslMode.VerifyCA,
        "verify-full" => Npgsql.SslMode.VerifyFull,
        _ => throw Unsupported("sslmode", value),
    };

    private static int Number(string value, string name)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Unsupported(name, value);

    private static SettingException Unsupported(string name, string value) => new(
        $"{SettingNames.ConnectionString}: '{value}' is not a valid value of the URI parameter '{name}'.");
}
