using CanvasData2.Dap;
using CanvasData2.Replication;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanvasData2.Orchestration;

/// <summary>
/// Runs the refresh orchestration on this machine, without Azure: an in-process durable backend
/// (Microsoft.DurableTask.InProcessTestHost) with the given DAP client and replica engine. Used by the
/// <c>cd2 refresh</c> command, tests and benchmarks. One host can run several refreshes one after another.
/// </summary>
public sealed class LocalRefreshHost : IAsyncDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private readonly DurableTaskTestHost _host;

    private LocalRefreshHost(DurableTaskTestHost host) => _host = host;

    /// <summary>The durable client, for callers that want to schedule or inspect instances themselves.</summary>
    public DurableTaskClient Client => _host.Client;

    public static async Task<LocalRefreshHost> StartAsync(
        IDapClient dap, IReplicaEngine engine, ILoggerFactory? loggerFactory = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(dap);
        ArgumentNullException.ThrowIfNull(engine);
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddCanvasData2Tasks(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = factory,
                ConfigureServices = services =>
                {
                    services.AddSingleton(factory);
                    services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
                    services.AddSingleton(dap);
                    services.AddSingleton(engine);
                    services.AddCanvasData2Activities();
                    configureServices?.Invoke(services);
                },
            }).ConfigureAwait(false);
        return new LocalRefreshHost(host);
    }

    /// <summary>
    /// Runs one refresh to completion and returns its summary; <paramref name="progress"/> sees the custom
    /// status whenever it changes. Cancelling stops waiting and terminates the instance.
    /// </summary>
    public async Task<RunSummary> RunAsync(RefreshRequest request, IProgress<RefreshProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instanceId = await Client.ScheduleNewOrchestrationInstanceAsync(
            CanvasData2Tasks.RefreshOrchestratorName, request, cancellationToken).ConfigureAwait(false);
        try
        {
            var metadata = await WaitAsync(instanceId, progress, cancellationToken).ConfigureAwait(false);
            if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException(
                    $"Refresh {instanceId} ended as {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage ?? "no details"}");
            }

            return metadata.ReadOutputAs<RunSummary>()
                ?? throw new InvalidOperationException($"Refresh {instanceId} completed without a summary.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Client.TerminateInstanceAsync(instanceId, "cancelled", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
    {
        string? lastStatus = null;
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Refresh {instanceId} disappeared.");
            if (progress is not null && metadata.SerializedCustomStatus is { } status && status != lastStatus)
            {
                lastStatus = status;
                if (metadata.ReadCustomStatusAs<RefreshProgress>() is { } current)
                {
                    progress.Report(current);
                }
            }

            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(ProgressInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
