using System.Text.Json;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>The bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package, and infra/main.bicep compiled once.</summary>
internal static class Bicep
{
    public const string MainFile = "infra/main.bicep";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ProcessResult? _build;

    public static async Task<ProcessResult> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var executable = Repository.BicepExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException("The bicep binary is missing; restore the test project.", executable);
        }

        // NuGet may extract the binary without the execute bit.
        File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute | UnixFileMode.UserRead);
        var environment = new Dictionary<string, string>
        {
            // No telemetry: the tests run offline.
            ["BICEP_TELEMETRY_ENABLED"] = "false",
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        };
        return await ProcessRunner.RunAsync(executable, arguments, cancellationToken, environment);
    }

    /// <summary>The result of <c>bicep build infra/main.bicep --stdout</c>, run once per test run.</summary>
    public static async Task<ProcessResult> BuildMainAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return _build ??= await RunAsync(cancellationToken, "build", Repository.PathOf(MainFile), "--stdout");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The ARM JSON of infra/main.bicep (nothing is written to the repository).</summary>
    public static async Task<ArmTemplate> CompileMainAsync(CancellationToken cancellationToken)
    {
        var result = await BuildMainAsync(cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed: {result}");
        }

        return new ArmTemplate(JsonDocument.Parse(result.Stdout).RootElement.Clone());
    }
}
