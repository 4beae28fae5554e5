using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests;

/// <summary>Bad command lines and missing settings: exit code 2 and a message naming what to fix.</summary>
public sealed class UsageTests
{
    private const string Secret = "s3cr3t-never-shown";

    private static Task<ProcessResult> RunAsync(params string[] args)
        => Cd2.RunAsync(args, new Dictionary<string, string> { ["DAP_CLIENT_SECRET"] = Secret }, TestTimeout.Seconds(60));

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var result = await RunAsync();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Required command was not provided", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_flag_is_named_and_exits_2()
    {
        var result = await RunAsync("list", "--bogus-flag");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--bogus-flag", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cd2 list --help", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Unsupported_format_lists_the_allowed_ones()
    {
        var result = await RunAsync("snapshot", "--table", "accounts", "--format", "xml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("parquet", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_number_is_a_usage_error()
    {
        var result = await RunAsync("refresh", "--max-parallel", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-parallel", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_client_id_names_flag_and_variable()
    {
        var result = await RunAsync("list");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--client-id", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("DAP_CLIENT_ID", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_connection_string_names_flag_and_variable()
    {
        var result = await RunAsync("status");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--connection-string", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("DAP_CONNECTION_STRING", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_connection_string_is_refused_without_echoing_its_password()
    {
        var result = await RunAsync("status", "--connection-string", "Host=x;Bogus Keyword=1;Password=pw-should-not-show");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--connection-string", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-should-not-show", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_log_retention_names_the_variable()
    {
        var result = await Cd2.RunAsync(
            ["status", "--connection-string", "Host=127.0.0.1;Port=1;Username=x;Database=x"],
            new Dictionary<string, string> { ["CD2_LOG_RETENTION_DAYS"] = "forever" },
            TestTimeout.Seconds(60));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CD2_LOG_RETENTION_DAYS must be a whole number of days", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incremental_needs_since()
    {
        var result = await RunAsync("incremental", "--table", "accounts");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--since", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command_and_never_a_secret_from_the_environment()
    {
        var result = await RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "list", "schema", "snapshot", "incremental", "initdb", "syncdb", "reinit", "dropdb", "refresh", "status", "emulator", "demo" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("DAP_CLIENT_SECRET", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
    }
}
