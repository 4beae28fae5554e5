using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;
using YamlDotNet.RepresentationModel;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// `azd down` without `--purge` leaves the Key Vault soft-deleted, holding its name for 90 days, and leaves
/// POSTGRES_SERVER_EXISTS=true in the environment. The postdown hook writes a new vault stamp and resets the
/// server flag, so the next `azd up` of the same environment works without a manual purge.
/// </summary>
public sealed class RedeployAfterDownTests
{
    [Fact]
    public async Task Postdown_hook_sets_a_new_vault_stamp_and_resets_the_server_flag()
    {
        var directory = Directory.CreateTempSubdirectory("cd2-postdown-");
        try
        {
            // A stand-in azd that records what the hook asks of it.
            var log = Path.Combine(directory.FullName, "azd.log");
            var azd = Path.Combine(directory.FullName, "azd");
            await File.WriteAllTextAsync(azd, $"#!/bin/sh\necho \"$@\" >> '{log}'\n", TestTimeout.Seconds(10));
            File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var result = await ProcessRunner.RunAsync(
                "sh",
                ["-c", await HookAsync("posix")],
                TestTimeout.Seconds(30),
                new Dictionary<string, string> { ["PATH"] = $"{directory.FullName}:{Environment.GetEnvironmentVariable("PATH")}" });

            Assert.True(result.ExitCode == 0, result.ToString());
            var calls = await File.ReadAllLinesAsync(log, TestTimeout.Seconds(10));
            Assert.Equal(2, calls.Length);
            Assert.Matches(@"^env set CD2_KEY_VAULT_STAMP \d{8}T\d{6}Z$", calls[0]);
            Assert.Equal("env set POSTGRES_SERVER_EXISTS false", calls[1]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Postdown_hook_on_windows_sets_the_same_two_settings()
    {
        var run = await HookAsync("windows");

        Assert.Contains("azd env set CD2_KEY_VAULT_STAMP (Get-Date -AsUTC", run, StringComparison.Ordinal);
        Assert.Contains("azd env set POSTGRES_SERVER_EXISTS false", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_name_changes_with_the_stamp_and_keeps_the_first_name_without_one()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var keyVault = template.Root.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "keyvault").GetProperty("properties").GetProperty("parameters");
        var name = template.Root.GetProperty("variables").GetProperty("keyVaultName").GetString()!;

        Assert.Equal("[variables('keyVaultName')]", keyVault.GetProperty("name").GetProperty("value").GetString());
        Assert.StartsWith("[if(empty(parameters('keyVaultStamp')), format('{0}{1}', variables('abbrs').keyVaultVaults, variables('resourceToken'))", name, StringComparison.Ordinal);
        Assert.Contains("uniqueString(variables('resourceToken'), parameters('keyVaultStamp'))", name, StringComparison.Ordinal);
    }

    private static async Task<string> HookAsync(string platform)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(await File.ReadAllTextAsync(Repository.PathOf("azure.yaml"), TestTimeout.Seconds(10))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var hook = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["hooks"])["postdown"])[platform];
        return ((YamlScalarNode)hook["run"]).Value!;
    }
}
