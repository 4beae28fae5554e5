using System.Text.Json;
using System.Text.RegularExpressions;
using CanvasData2.Cli.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests;

/// <summary>stdout carries only results, whatever is logged; logs (the durable host's included) go to stderr in the chosen format.</summary>
public sealed partial class OutputStreamTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Refresh_json_stdout_is_exactly_one_document_while_the_durable_host_logs_to_stderr()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");

        var result = await emulator.RunAsync(["refresh", "--tables", "accounts", "--no-pacing", "--json", "--log-level", "information"], db);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var summary = JsonDocument.Parse(result.Stdout))
        {
            Assert.Equal("initialized", summary.RootElement.GetProperty("tables")[0].GetProperty("outcome").GetString());
        }

        // The durable worker (DurableTask.Core) logs through the CLI's logger: on stderr, at our level.
        Assert.Contains("DurableTask.Core", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_format_json_makes_every_log_line_on_stderr_a_json_object()
    {
        var list = await emulator.RunAsync(["list", "--log-format", "json", "--log-level", "information"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var listLines = Lines(list.Stderr);
        Assert.NotEmpty(listLines);
        Assert.All(listLines, AssertJsonLogLine);

        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var refresh = await emulator.RunAsync(["refresh", "--tables", "courses", "--no-pacing", "--json", "--log-format", "json", "--log-level", "information"], db);
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        using (JsonDocument.Parse(refresh.Stdout))
        {
        }

        // Besides the log lines, stderr holds the human summary table and progress lines, which are not logs;
        // no line may look like a text-format log entry, and every JSON line must be a complete log object.
        var lines = Lines(refresh.Stderr);
        Assert.DoesNotContain(lines, line => TextLogLine().IsMatch(line));
        var logLines = lines.Where(line => line.StartsWith('{')).ToList();
        Assert.Contains(logLines, line => line.Contains("DurableTask.Core", StringComparison.Ordinal));
        Assert.All(logLines, AssertJsonLogLine);
    }

    private static void AssertJsonLogLine(string line)
    {
        using var entry = JsonDocument.Parse(line);
        Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
        Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
    }

    private static List<string> Lines(string text)
        => text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();

    /// <summary>The simple console format (<c>10:00:00 info: Category[0] …</c>) or the default one (<c>info: Category[0]</c>).</summary>
    [GeneratedRegex(@"^(\d\d:\d\d:\d\d )?(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex TextLogLine();
}
