using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

public sealed class HookScriptTests
{
    private const string PosixHook = "infra/hooks/postprovision.sh";

    [Fact]
    public async Task Posix_hook_parses_with_bash()
    {
        var result = await ProcessRunner.RunAsync("bash", ["-n", Repository.PathOf(PosixHook)], TestTimeout.Seconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Posix_hook_is_shellcheck_clean()
    {
        var shellcheck = await FindOrInstallShellcheckAsync(TestTimeout.Seconds(300));

        var result = await ProcessRunner.RunAsync(shellcheck, ["--shell=bash", Repository.PathOf(PosixHook)], TestTimeout.Seconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Posix_hook_is_executable()
    {
        // azd runs an `sh` hook by executing the file, so the shebang and the execute bit matter.
        var path = Repository.PathOf(PosixHook);

        Assert.StartsWith("#!/usr/bin/env bash", File.ReadLines(path).First(), StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{PosixHook} lacks the execute bit");
    }

    [Fact]
    public async Task Posix_hook_without_azd_outputs_stops_before_touching_azure()
    {
        var environment = new Dictionary<string, string> { ["AZURE_RESOURCE_GROUP"] = "", ["PATH"] = "/usr/bin:/bin" };

        var result = await ProcessRunner.RunAsync("bash", [Repository.PathOf(PosixHook)], TestTimeout.Seconds(30), environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AZURE_RESOURCE_GROUP", result.Stderr, StringComparison.Ordinal);
    }

    // Like the PostgreSQL test support, a missing tool is installed through apt when possible.
    private static async Task<string> FindOrInstallShellcheckAsync(CancellationToken cancellationToken)
    {
        if (ProcessRunner.FindOnPath("shellcheck") is { } found)
        {
            return found;
        }

        var install = await ProcessRunner.RunAsync("bash",
            ["-c", "apt-get install -y -q shellcheck || { apt-get update -q && apt-get install -y -q shellcheck; }"],
            cancellationToken, new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        return ProcessRunner.FindOnPath("shellcheck")
               ?? throw new InvalidOperationException($"shellcheck is not installed and apt could not install it: {install}");
    }
}
