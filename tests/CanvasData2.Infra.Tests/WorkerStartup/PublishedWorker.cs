using System.Diagnostics;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests.WorkerStartup;

/// <summary>
/// The Functions app as azd deploys it (the output of <c>dotnet publish -c Release</c>, published once per test
/// run), started as the Functions host starts a worker: the host's gRPC address on the command line, the app
/// settings in the environment.
/// </summary>
internal static class PublishedWorker
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;

    public static async Task<string> PublishAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_directory is null)
            {
                var output = Directory.CreateTempSubdirectory("cd2-functions-publish-").FullName;
                var result = await ProcessRunner.RunAsync(
                    "dotnet",
                    ["publish", Repository.PathOf("src/CanvasData2.Functions"), "-c", "Release", "-o", output, "--nologo"],
                    cancellationToken);
                Assert.True(result.ExitCode == 0, $"dotnet publish failed: {result}");
                _directory = output;
            }

            return _directory;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static Process Start(string directory, Uri hostEndpoint, IReadOnlyDictionary<string, string> settings)
    {
        var start = ChildProcess.StartInfo(
            "dotnet",
            [
                Path.Combine(directory, "CanvasData2.Functions.dll"),
                "--functions-uri", hostEndpoint.ToString(),
                "--functions-worker-id", Guid.NewGuid().ToString(),
                "--functions-request-id", Guid.NewGuid().ToString(),
                "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            workingDirectory: directory);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DAP_", StringComparison.Ordinal) || k.StartsWith("CD2_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        // What Flex Consumption derives from functionAppConfig.runtime.
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the published worker.");
    }
}
