using System.CommandLine;
using CanvasData2.Cli.Hosting;

namespace CanvasData2.Cli.Settings;

/// <summary>
/// Reads settings from the parsed command line, falling back to the environment. A missing required setting
/// is a <see cref="UsageException"/> naming both the flag and the variable.
/// </summary>
internal sealed class CliSettings(GlobalOptions options)
{
    public const string DefaultBaseUrl = "https://api-gateway.instructure.com";

    public DapConnection RequireDap(ParseResult parseResult)
    {
        var rawUrl = Read(parseResult, options.BaseUrl, EnvironmentNames.BaseUrl) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(rawUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new UsageException($"--base-url ({EnvironmentNames.BaseUrl}) must be an absolute http(s) URL.");
        }

        var clientId = Require(parseResult, options.ClientId, EnvironmentNames.ClientId, "DAP client id");
        var clientSecret = Require(parseResult, options.ClientSecret, EnvironmentNames.ClientSecret, "DAP client secret");
        return new DapConnection(baseUrl, clientId, clientSecret);
    }

    public string RequireConnectionString(ParseResult parseResult)
        => PostgresConnectionString.Normalize(
            Require(parseResult, options.ConnectionString, EnvironmentNames.ConnectionString, "database connection string"));

    /// <summary>The configured connection string, or null (the demo then starts its own PostgreSQL).</summary>
    public string? OptionalConnectionString(ParseResult parseResult)
        => Read(parseResult, options.ConnectionString, EnvironmentNames.ConnectionString) is { } value
            ? PostgresConnectionString.Normalize(value)
            : null;

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
