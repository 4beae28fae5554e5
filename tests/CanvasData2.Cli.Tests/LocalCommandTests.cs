using System.Diagnostics;
using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests;

/// <summary>emulator and demo, run as processes.</summary>
public sealed class LocalCommandTests
{
    [Fact]
    public async Task Emulator_serves_until_ctrl_c_and_prints_its_settings()
    {
        var timeout = TestTimeout.Seconds(120);
        using var process = Process.Start(Cd2.StartInfo(["emulator", "--port", "0", "--rows", "20"]))!;
        try
        {
            var settings = new Dictionary<string, string>();
            while (settings.Count < 3 && await process.StandardOutput.ReadLineAsync(timeout) is { } line)
            {
                var parts = line.Split('=', 2);
                settings[parts[0]] = parts[1];
            }

            Assert.StartsWith("http://127.0.0.1:", settings["DAP_API_URL"], StringComparison.Ordinal);
            var list = await Cd2.RunAsync(["list"], settings, timeout);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("accounts", list.Stdout, StringComparison.Ordinal);

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(timeout);
            }

            await process.WaitForExitAsync(timeout);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Demo_runs_end_to_end_on_a_configured_database()
    {
        var db = await TestPostgres.CreateDatabaseAsync("demo");
        var result = await Cd2.RunAsync(["demo", "--rows", "100"], new Dictionary<string, string> { ["DAP_CONNECTION_STRING"] = db }, TestTimeout.Seconds(300));
        AssertDemo(result);
    }

    [Fact]
    public async Task Demo_starts_and_stops_its_own_postgresql()
    {
        var result = await Cd2.RunAsync(["demo", "--rows", "100"], null, TestTimeout.Seconds(600));
        AssertDemo(result);
        Assert.Contains("Starting a local PostgreSQL", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertDemo(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("First refresh: 9 initialized", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Second refresh: 9 complete", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("schema changed: canvas.users v1→v", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Demo complete", result.Stderr, StringComparison.Ordinal);
    }
}
