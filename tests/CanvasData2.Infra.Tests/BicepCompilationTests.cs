using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

public sealed class BicepCompilationTests
{
    [Fact]
    public async Task Build_main_template_succeeds_without_diagnostics()
    {
        var result = await Bicep.BuildMainAsync(TestTimeout.Seconds(180));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Stderr), $"bicep build reported diagnostics:\n{result.Stderr}");
        Assert.StartsWith("{", result.Stdout.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_main_template_reports_no_warnings()
    {
        var result = await Bicep.RunAsync(TestTimeout.Seconds(180), "lint", Repository.PathOf(Bicep.MainFile));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Stderr + result.Stdout), $"bicep lint reported:\n{result}");
    }

    [Fact]
    public async Task Lint_template_with_a_flaw_reports_it()
    {
        // Guards the two tests above: the linter really runs with our configuration and reports to stderr.
        var directory = Directory.CreateTempSubdirectory("cd2-bicep-");
        try
        {
            var flawed = Path.Combine(directory.FullName, "flawed.bicep");
            await File.WriteAllTextAsync(flawed, "param unused string\n", TestTimeout.Seconds(10));

            var result = await Bicep.RunAsync(TestTimeout.Seconds(180), "lint", flawed);

            Assert.Contains("no-unused-params", result.Stderr + result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
