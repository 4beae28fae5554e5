using System.Text.RegularExpressions;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;
using YamlDotNet.RepresentationModel;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// `azd up` needs only azd, the .NET SDK and a signed-in account: no hook may call psql or the Azure CLI, and
/// every script under infra/ (none today) must at least parse.
/// </summary>
public sealed class HookScriptTests
{
    // psql, the Azure CLI, and public-IP lookups (curl / Invoke-RestMethod to an echo service).
    private static readonly string[] LaptopTools = [@"\bpsql\b|\bPGHOST\b", @"(^|[\s;&|(])az\s", @"\bcurl\b|\bwget\b|Invoke-RestMethod|Invoke-WebRequest"];

    [Fact]
    public async Task Azure_yaml_no_hook_needs_psql_the_azure_cli_or_an_outside_service()
    {
        var yaml = await File.ReadAllTextAsync(Repository.PathOf("azure.yaml"), TestTimeout.Seconds(10));

        var offences = await OffencesAsync(yaml);

        Assert.True(offences.Count == 0, string.Join('\n', offences));
    }

    [Fact]
    public async Task Hook_check_flags_the_old_post_provision_hook()
    {
        // Guards the test above: the hook the template used to run (psql through the Azure CLI) is caught,
        // inline or per platform.
        const string yaml = """
            name: x
            hooks:
              postprovision:
                posix:
                  shell: sh
                  run: az account get-access-token --resource-type oss-rdbms && psql -f schema.sql
                windows:
                  shell: pwsh
                  run: Invoke-RestMethod -Uri https://api.ipify.org
            """;

        var offences = await OffencesAsync(yaml);

        Assert.Equal(3, offences.Count);
    }

    [Fact]
    public async Task Infra_scripts_all_parse()
    {
        var scripts = Directory.EnumerateFiles(Repository.PathOf("infra"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".ps1", StringComparison.Ordinal))
            .ToList();

        foreach (var script in scripts)
        {
            var result = await ParseAsync(script, TestTimeout.Seconds(60));
            Assert.True(result.ExitCode == 0, $"{script}: {result}");
        }
    }

    [Fact]
    public async Task Parse_check_rejects_a_broken_shell_script()
    {
        // Guards InfraScripts_AllParse: the check really runs and fails on a syntax error.
        var directory = Directory.CreateTempSubdirectory("cd2-hook-");
        try
        {
            var broken = Path.Combine(directory.FullName, "broken.sh");
            await File.WriteAllTextAsync(broken, "#!/usr/bin/env bash\nif true; then\n  echo unterminated\n", TestTimeout.Seconds(10));

            var result = await ParseAsync(broken, TestTimeout.Seconds(60));

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // bash -n for shell scripts; PowerShell's own parser when pwsh is installed, else the script is refused
    // (a .ps1 nobody can check here should not ship).
    private static async Task<ProcessResult> ParseAsync(string script, CancellationToken cancellationToken)
    {
        if (script.EndsWith(".sh", StringComparison.Ordinal))
        {
            return await ProcessRunner.RunAsync("bash", ["-n", script], cancellationToken);
        }

        var pwsh = ProcessRunner.FindOnPath("pwsh");
        if (pwsh is null)
        {
            return new ProcessResult(1, "", "pwsh is not installed: a PowerShell hook cannot be parsed here");
        }

        var check = "$e = $null; [System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$e) | Out-Null; exit $e.Count";
        return await ProcessRunner.RunAsync(pwsh, ["-NoProfile", "-Command", check, script], cancellationToken);
    }

    private static async Task<List<string>> OffencesAsync(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var commands = new List<(string, string)>();
        Collect(Assert.Single(stream.Documents).RootNode, "", commands);

        // Each hook is an inline command or a script file: both are searched.
        var offences = new List<string>();
        foreach (var (path, run) in commands)
        {
            var file = Repository.PathOf(run);
            var text = File.Exists(file) ? await File.ReadAllTextAsync(file, TestTimeout.Seconds(10)) : run;
            offences.AddRange(LaptopTools.Where(tool => Regex.IsMatch(text, tool)).Select(tool => $"{path}: {tool}"));
        }

        return offences.Distinct(StringComparer.Ordinal).ToList();
    }

    // Every `run:` anywhere in azure.yaml (project hooks, service hooks, per-platform variants).
    private static void Collect(YamlNode node, string path, List<(string, string)> commands)
    {
        if (node is not YamlMappingNode mapping)
        {
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "run" && value is YamlScalarNode run)
            {
                commands.Add((path, run.Value!));
            }

            Collect(value, $"{path}/{name}", commands);
        }
    }
}
