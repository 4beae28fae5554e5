using System.CommandLine;
using CanvasData2.Settings;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Settings;

/// <summary>
/// Flags every command accepts, before or after the command name, as in Instructure's <c>dap</c> CLI.
/// Settings that have an environment variable fall back to it when the flag is absent; no default is shown
/// in help, so a secret taken from the environment never appears there.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = $"DAP API base URL (env {SettingNames.BaseUrl}; default {CliSettings.DefaultBaseUrl})",
        Recursive = true,
    };

    public Option<string?> ClientId { get; } = new("--client-id")
    {
        Description = $"DAP client id (env {SettingNames.ClientId})",
        Recursive = true,
    };

    public Option<string?> ClientSecret { get; } = new("--client-secret")
    {
        Description = $"DAP client secret. Unsafe as a flag (other users see it in process lists, shell history): set {SettingNames.ClientSecret} instead",
        Recursive = true,
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = $"PostgreSQL connection: Npgsql keywords or postgresql://user:password@host:port/database?sslmode=... (env {SettingNames.ConnectionString}; with a password, set the variable: a flag shows in process lists)",
        Recursive = true,
    };

    public Option<LogLevel> LogLevel { get; } = new("--log-level", "--loglevel")
    {
        Description = "Minimum level of log lines on stderr: trace, debug, information, warning, error, critical, none",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning,
        Recursive = true,
    };

    public Option<string> LogFormat { get; } = new("--log-format", "--logformat")
    {
        Description = "Format of log lines on stderr",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public IEnumerable<Option> All => [BaseUrl, ClientId, ClientSecret, ConnectionString, LogLevel, LogFormat];

    public GlobalOptions()
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
    }
}
