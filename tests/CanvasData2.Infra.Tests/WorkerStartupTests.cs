using System.Text.Json;
using CanvasData2.Infra.Tests.WorkerStartup;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// The published worker, started with every app setting the template gives the Function App, gets through its
/// start-up (services built and validated, every function class resolvable) and answers the host's handshake
/// with the functions of its functions.metadata. With Application Insights 3.x it died before dialing the host.
/// </summary>
public sealed class WorkerStartupTests
{
    [Fact]
    public async Task Published_worker_with_the_templates_app_settings_starts_and_reports_every_function()
    {
        var cancellationToken = TestTimeout.Seconds(300);
        var settings = await AzureAppSettings.ReadAsync(cancellationToken);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        var directory = await PublishedWorker.PublishAsync(cancellationToken);

        await using var host = await StubFunctionsHost.StartAsync(directory);
        using var worker = PublishedWorker.Start(directory, host.Endpoint, settings);
        var stderr = worker.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = worker.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            var finished = await Task.WhenAny(host.Handshake, worker.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(90), cancellationToken));
            Assert.True(finished == host.Handshake, worker.HasExited
                ? $"the worker exited ({worker.ExitCode}) before the handshake:\n{await stderr}\n{await stdout}"
                : "no handshake within 90 s");

            var handshake = await host.Handshake;
            Assert.True(handshake.Init.Result.Status == StatusResult.Types.Status.Success, $"init failed: {handshake.Init.Result}");
            Assert.NotNull(handshake.Metadata);
            Assert.Equal(StatusResult.Types.Status.Success, handshake.Metadata.Result.Status);
            Assert.All(handshake.Metadata.FunctionMetadataResults, f => Assert.Equal(StatusResult.Types.Status.Success, f.Status?.Status ?? StatusResult.Types.Status.Success));
            var reported = handshake.Metadata.FunctionMetadataResults.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(MetadataFunctionNames(directory), reported);
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    private static List<string> MetadataFunctionNames(string directory)
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")));
        var names = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(names);
        return names;
    }
}
