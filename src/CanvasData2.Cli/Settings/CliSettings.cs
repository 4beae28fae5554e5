using System.CommandLine;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Settings;

namespace CanvasData2.Cli.Settings;

/// <summary>
/// Reads settings from the parsed command line, falling back to the environment. A missing required setting
/// is a <see cref="UsageException"/> naming both the flag and the variable. A secret given as a flag (visible in
/// process lists and shell history) works but draws a warning pointing at the variable.
/// </summary>
internal sealed class CliSettings(GlobalOptions options, CliConsole console)
{
    public const string DefaultBaseUrl = "https://api-gateway.instructure.com";

    public DapConnection RequireDap(ParseResult parseResult)
    {
        var rawUrl = Read(parseResult, options.BaseUrl, SettingNames.BaseUrl) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(rawUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new UsageException($"--base-url ({SettingNames.BaseUrl}) must be an absolute http(s) URL.");
        }

        var clientId = Require(parseResult, options.ClientId, SettingNames.ClientId, "DAP client id");
        var clientSecret = Require(parseResult, options.ClientSecret, SettingNames.ClientSecret, "DAP client secret");
        if (FromFlag(parseResult, options.ClientSecret))
        {
            WarnSecretFlag(options.ClientSecret.Name, SettingNames.ClientSecret, "the client secret");
        }

        return new DapConnection(baseUrl, clientId, clientSecret);
    }

    public string RequireConnectionString(ParseResult parseResult)
        => CheckedConnectionString(parseResult, Require(parseResult, options.ConnectionString, SettingNames.ConnectionString, "database connection string"));

    /// <summary>The configured connection string, or null (the demo then starts its own PostgreSQL).</summary>
    public string? OptionalConnectionString(ParseResult parseResult)
        => Read(parseResult, options.ConnectionString, SettingNames.ConnectionString) is { } value
            ? CheckedConnectionString(parseResult, value)
            : null;

    private string CheckedConnectionString(ParseResult parseResult, string value)
    {
        string normalized;
        try
        {
            normalized = PostgresConnectionString.Normalize(value);
        }
        catch (SettingException e)
        {
            throw new UsageException($"{options.ConnectionString.Name} / {e.Message}");
        }

        if (FromFlag(parseResult, options.ConnectionString) && PostgresConnectionString.HasPassword(normalized))
        {
            WarnSecretFlag(options.ConnectionString.Name, SettingNames.ConnectionString, "a password");
        }

        return normalized;
    }

    private static bool FromFlag(ParseResult parseResult, Option<string?> option) => !string.IsNullOrWhiteSpace(parseResult.GetValue(option));

    private void WarnSecretFlag(string flag, string variable, string what)
        => console.Warn($"{flag} carries {what} on the command line, where other local users can read it (process list, shell history); set the {variable} environment variable instead.");

    private static string Require(ParseResult parseResult, Option<string?> option, string variable, string what)
        => Read(parseResult, option, variable)
            ?? throw new UsageException($"Missing {what}: pass {option.Name} or set the {variable} environment variable.");

    private static string? Read(ParseResult parseResult, Option<string?> option, string variable)
    {
        var value = parseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(variable);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
