using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// azd deploy builds with whatever .NET SDK the deployer has, and Linux distributions ship the 1xx band: the
/// repository's global.json must accept every .NET 10 SDK and refuse older ones. Each case runs the real
/// dotnet muxer over a dotnet root that offers one SDK under the given version (the installed SDK, linked).
/// </summary>
public sealed class SdkPolicyTests
{
    [Theory]
    [InlineData("10.0.100", true)]
    [InlineData("10.0.105", true)]
    [InlineData("10.0.203", true)]
    [InlineData("10.0.310", true)]
    [InlineData("10.0.499", true)]
    [InlineData("9.0.310", false)]
    public async Task Global_json_accepts_every_dotnet_10_sdk_band_and_refuses_older(string offered, bool accepted)
    {
        var installed = InstalledDotnetRoot();
        var root = Directory.CreateTempSubdirectory("cd2-sdk-policy-");
        try
        {
            File.Copy(Path.Combine(installed, "dotnet"), Path.Combine(root.FullName, "dotnet"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "host"), Path.Combine(installed, "host"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "shared"), Path.Combine(installed, "shared"));
            var anySdk = Directory.GetDirectories(Path.Combine(installed, "sdk")).First(d => File.Exists(Path.Combine(d, "dotnet.dll")));
            Directory.CreateDirectory(Path.Combine(root.FullName, "sdk"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "sdk", offered), anySdk);
            var project = Directory.CreateDirectory(Path.Combine(root.FullName, "project"));
            File.Copy(Repository.PathOf("global.json"), Path.Combine(project.FullName, "global.json"));

            var result = await ChildProcess.RunAsync(
                Path.Combine(root.FullName, "dotnet"),
                ["--version"],
                TestTimeout.Seconds(60),
                new Dictionary<string, string> { ["DOTNET_ROOT"] = root.FullName, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
                project.FullName);

            Assert.True(accepted == (result.ExitCode == 0), $"SDK {offered}: {result}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string InstalledDotnetRoot()
    {
        var dotnet = ProcessRunner.FindOnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");
        var resolved = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        return Path.GetDirectoryName(resolved)!;
    }
}
