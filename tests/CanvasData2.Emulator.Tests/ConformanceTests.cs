using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests;

/// <summary>Runs the shared wire-contract checker (tests/fixtures/dap_conformance.py) against the emulator.</summary>
public sealed class ConformanceTests
{
    [Theory]
    [InlineData("accounts")]
    [InlineData("assignments")]
    [InlineData("courses")]
    [InlineData("enrollments")]
    [InlineData("quizzes")]
    [InlineData("submissions")]
    [InlineData("users")]
    public async Task The_conformance_checker_passes_for_every_canvas_table(string table)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var server = await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 300, RowsPerObject = 120, JobDelay = TimeSpan.FromMilliseconds(200) }, cancellationToken);
        server.AdvanceTime(1);

        var (exitCode, output) = await RunCheckerAsync(server, cancellationToken, "--namespace", "canvas", "--table", table, "--since", "2026-11-01T00:00:00Z");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_conformance_checker_passes_for_the_string_keyed_web_logs()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var server = await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 300, RowsPerObject = 120, JobDelay = TimeSpan.FromMilliseconds(200) }, cancellationToken);

        var (exitCode, output) = await RunCheckerAsync(server, cancellationToken, "--namespace", "canvas_logs", "--table", "web_logs");

        Assert.True(exitCode == 0, output);
    }

    private static async Task<(int ExitCode, string Output)> RunCheckerAsync(EmulatorServer server, CancellationToken cancellationToken, params string[] extra)
    {
        var result = await ChildProcess.RunAsync(
            "python3",
            [RepositoryPaths.PathOf("tests", "fixtures", "dap_conformance.py"),
                "--base-url=" + server.BaseUrl, "--client-id=" + server.ClientId, "--client-secret=" + server.ClientSecret, .. extra],
            cancellationToken);
        return (result.ExitCode, result.All);
    }
}
