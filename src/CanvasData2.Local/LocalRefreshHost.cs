using CanvasData2.Dap;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanvasData2.Local;

/// <summary>
/// Runs the refresh orchestration on this machine, without Azure: an in-process durable backend
/// (Microsoft.DurableTask.InProcessTestHost) with the given DAP client and replica engine. Used by the
/// <c>cd2 refresh</c> command, tests and benchmarks. One host can run several refreshes one after another.
/// </summary>
public sealed partial class LocalRefreshHost : IAsyncDisposable
{
    /// <summary>
    /// Activities and orchestration steps the in-memory backend runs at once. Its own limit is
    /// <see cref="Environment.ProcessorCount"/>, and it re-polls only every 500 ms when full: on a 2-core machine a
    /// refresh of 100 small tables then took minutes instead of seconds. The work is mostly waiting on DAP and
    /// PostgreSQL, so the slots do not depend on the cores.
    /// </summary>
    public const int WorkItemSlots = 16;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(50);
    private readonly IHost _host;

    private LocalRefreshHost(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The durable client, for callers that want to schedule or inspect instances themselves.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>
    /// Starts the in-memory backend, its gRPC sidecar and a worker. Every log line of all three — the sidecar's
    /// Kestrel and gRPC included — goes to <paramref name="loggerFactory"/> only (none when it is null): nothing
    /// is written to the console, so a CLI's stdout stays its own. <paramref name="configureServices"/> runs after the
    /// backend's own registrations, so it can replace them (the fault tests tap the worker's gRPC channel).
    /// </summary>
    public static async Task<LocalRefreshHost> StartAsync(
        IDapClient dap, IReplicaEngine engine, ILoggerFactory? loggerFactory = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(dap);
        ArgumentNullException.ThrowIfNull(engine);
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        // The sidecar otherwise picks a random port in a fixed range, which collides when several processes
        // (parallel test assemblies, a CLI beside a test run) start hosts at once: ask the OS for a free port,
        // and take another if it was grabbed between the probe and the bind.
        for (var attempt = 1; ; attempt++)
        {
            var host = BuildHost(dap, engine, factory, configureServices, FreeLoopbackPort());
            try
            {
                await host.StartAsync().ConfigureAwait(false);
                var backend = host.Services.GetRequiredService<IOrchestrationService>();
                var logger = factory.CreateLogger<LocalRefreshHost>();
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    LogSlots(logger, backend.MaxConcurrentTaskActivityWorkItems, backend.MaxConcurrentTaskOrchestrationWorkItems);
                }
                return new LocalRefreshHost(host);
            }
            catch (IOException) when (attempt < 5)
            {
                // Address already in use: try the next free port.
                await DisposeHostAsync(host).ConfigureAwait(false);
            }
            catch
            {
                await DisposeHostAsync(host).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// DurableTaskTestHost.StartAsync builds its sidecar with Host.CreateDefaultBuilder and keeps the default
    /// console logger (Information, on stdout). AddInMemoryDurableTask instead runs the sidecar as a hosted
    /// service of our own host and gives its web host this host's ILoggerFactory in place of the default providers;
    /// the bare HostBuilder here adds no console logger either.
    /// </summary>
    private static IHost BuildHost(
        IDapClient dap, IReplicaEngine engine, ILoggerFactory factory, Action<IServiceCollection>? configureServices, int port)
        => new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddSingleton(factory);
                services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
                services.AddSingleton(dap);
                services.AddSingleton(engine);
                services.AddCanvasData2Activities();
                services.AddInMemoryDurableTask(registry => registry.AddCanvasData2Tasks(), new InMemoryDurableTaskOptions { Port = port });
                // Replaces the backend AddInMemoryDurableTask registered (same type, resolved last-wins) by one with more slots.
                services.AddSingleton<InMemoryOrchestrationService>(provider => new WideOrchestrationService(provider.GetService<ILoggerFactory>()));
                // Last, so a caller can also replace what the durable backend registered (tests swap its gRPC channel).
                configureServices?.Invoke(services);
            })
            .Build();

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>The limits as the backend's dispatchers read them (through the interface).</summary>
    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "The in-process durable host runs at most {Activities} activities at once and {Orchestrations} orchestration steps")]
    private static partial void LogSlots(ILogger logger, int activities, int orchestrations);

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Runs one refresh to completion under its own <see cref="RefreshRunId"/> (trigger cli; the summary's
    /// <see cref="RunSummary.RunId"/>) and returns its summary; <paramref name="progress"/> sees the custom
    /// status whenever it changes. Cancelling stops waiting and terminates the instance.
    /// </summary>
    public async Task<RunSummary> RunAsync(RefreshRequest request, IProgress<RefreshProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instanceId = await Client.ScheduleNewOrchestrationInstanceAsync(
            CanvasData2Tasks.RefreshOrchestratorName,
            request,
            new StartOrchestrationOptions(await FreeRunIdAsync(cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
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

    /// <summary>A <see cref="RefreshRunId"/> (trigger cli) no earlier run of this host holds: runs within one second get the next second.</summary>
    private async Task<string> FreeRunIdAsync(CancellationToken cancellationToken)
        => (await RefreshRunIds.FirstFreeAsync(Client, RefreshRunId.At(DateTimeOffset.UtcNow, RefreshTrigger.Cli), cancellationToken).ConfigureAwait(false))!
            .ToString();

    /// <summary>
    /// Polls the instance until it completes, reporting its custom status when it changes. The backend's own
    /// completion wait (0.2.3-preview.1) answered only about 500 ms late, which a one-table command pays in full,
    /// so a short poll it is: a refresh that has no work left ends within <see cref="ProgressInterval"/>.
    /// </summary>
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

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        await DisposeHostAsync(_host).ConfigureAwait(false);
    }

    /// <summary>
    /// The in-memory backend with <see cref="WorkItemSlots"/> slots. Its dispatchers read the limits through
    /// <see cref="IOrchestrationService"/>, whose implementation here re-maps just these two properties.
    /// </summary>
    private sealed class WideOrchestrationService(ILoggerFactory? loggerFactory)
        : InMemoryOrchestrationService(loggerFactory ?? NullLoggerFactory.Instance), IOrchestrationService
    {
        public new int MaxConcurrentTaskActivityWorkItems => WorkItemSlots;

        public new int MaxConcurrentTaskOrchestrationWorkItems => WorkItemSlots;
    }
}
