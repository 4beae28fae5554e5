using CanvasData2.Dap;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using DurableTask.Core;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanvasData2.Local;

/// <summary>
/// Runs the refresh orchestration on this machine, without Azure: DurableTask.Core's worker on the in-memory
/// durable store of Microsoft.DurableTask.InProcessTestHost, in this process and without its gRPC sidecar
/// (Kestrel and gRPC cost a one-table command about 0.3 s of start-up; see bench/README.md). The orchestrators
/// and activities run through the same Microsoft.DurableTask shims as under the gRPC and Functions workers, with
/// replay. Used by <c>cd2</c>, tests and benchmarks. One host can run several refreshes one after another.
/// </summary>
public sealed partial class LocalRefreshHost : IAsyncDisposable
{
    /// <summary>
    /// Activities and orchestration steps the in-memory backend runs at once. Its own limit is
    /// <see cref="Environment.ProcessorCount"/>: on a 2-core machine a refresh of 100 small tables then took
    /// minutes instead of seconds. The work is mostly waiting on DAP and PostgreSQL, so the slots do not depend on the cores.
    /// </summary>
    public const int WorkItemSlots = 16;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(50);
    internal static readonly JsonDataConverter Converter = new(OrchestrationJson.Options);
    // Long enough to mean "until it ends" for every store (the in-memory one reads zero as no timeout, others as none).
    private static readonly TimeSpan RunWait = TimeSpan.FromDays(7);
    private readonly IOrchestrationServiceClient _store;
    private readonly TaskHubWorker _worker;
    private readonly TaskHubClient _client;
    private readonly ServiceProvider _services;

    private LocalRefreshHost(IOrchestrationServiceClient store, TaskHubWorker worker, ServiceProvider services, ILoggerFactory loggerFactory)
    {
        _store = store;
        _worker = worker;
        _services = services;
        _client = new TaskHubClient(store, new PreSerialized(), loggerFactory);
    }

    /// <summary>
    /// Starts the in-memory store and a worker for the refresh's orchestrators and activities. Log lines go to
    /// <paramref name="loggerFactory"/> only (none when it is null).
    /// </summary>
    public static async Task<LocalRefreshHost> StartAsync(IDapClient dap, IReplicaEngine engine, ILoggerFactory? loggerFactory = null)
    {
        var backend = new LocalBackend(loggerFactory ?? NullLoggerFactory.Instance);
        var host = await StartAsync(dap, engine, backend, backend, loggerFactory).ConfigureAwait(false);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalRefreshHost>();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogSlots(logger, backend.DispatchedSlots.Activities, backend.DispatchedSlots.Orchestrations);
        }

        return host;
    }

    /// <summary>
    /// The same worker on another durable store, such as Durable Task's Azure Storage provider (what Azure runs):
    /// several hosts on one store share its runs, and a host started after another died finishes that one's run.
    /// </summary>
    public static async Task<LocalRefreshHost> StartAsync(
        IDapClient dap, IReplicaEngine engine, IOrchestrationService store, IOrchestrationServiceClient storeClient, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dap);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(storeClient);
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        var services = new ServiceCollection()
            .AddSingleton(factory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(dap)
            .AddSingleton(engine)
            .AddCanvasData2Activities()
            .BuildServiceProvider();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, factory);
        var worker = new TaskHubWorker(store, TaskCatalog<TaskOrchestration>.Orchestrations(shims), TaskCatalog<TaskActivity>.Activities(shims, services), factory)
        {
            // The shims read a failed task's details (TaskFailedException.FailureDetails), not a serialized exception.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        try
        {
            await worker.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new LocalRefreshHost(storeClient, worker, services, factory);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "The in-process durable host runs at most {Activities} activities at once and {Orchestrations} orchestration steps")]
    private static partial void LogSlots(ILogger logger, int activities, int orchestrations);

    /// <summary>
    /// Runs one refresh to completion under its own <see cref="RefreshRunId"/> (trigger cli; the summary's
    /// <see cref="RunSummary.RunId"/>) and returns its summary; <paramref name="progress"/> sees the custom
    /// status whenever it changes. Cancelling stops waiting and terminates the instance.
    /// </summary>
    public async Task<RunSummary> RunAsync(RefreshRequest request, IProgress<RefreshProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var runId = await StartRunAsync(request, cancellationToken).ConfigureAwait(false);
        var instance = new OrchestrationInstance { InstanceId = runId };
        try
        {
            return await SummaryOfAsync(instance, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _client.TerminateInstanceAsync(instance, "cancelled").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Schedules one refresh under its own <see cref="RefreshRunId"/> (trigger cli) and returns that id at once.</summary>
    public async Task<string> StartRunAsync(RefreshRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runId = await RefreshRunIds.FirstFreeAsync(
            async (id, _) => await _store.GetOrchestrationStateAsync(id, executionId: null).ConfigureAwait(false) is not null,
            RefreshRunId.At(DateTimeOffset.UtcNow, RefreshTrigger.Cli),
            cancellationToken).ConfigureAwait(false);
        var instance = await _client.CreateOrchestrationInstanceAsync(
            CanvasData2Tasks.RefreshOrchestratorName, "", runId!.ToString(), Converter.Serialize(request)).ConfigureAwait(false);
        return instance.InstanceId;
    }

    /// <summary>Works on the run <paramref name="runId"/> already in the store (one another host started) until it ends; its summary.</summary>
    public Task<RunSummary> FinishAsync(string runId, CancellationToken cancellationToken = default)
        => SummaryOfAsync(new OrchestrationInstance { InstanceId = runId }, progress: null, cancellationToken);

    private async Task<RunSummary> SummaryOfAsync(OrchestrationInstance instance, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
    {
        var state = await WaitAsync(instance, progress, cancellationToken).ConfigureAwait(false);
        if (state.OrchestrationStatus != OrchestrationStatus.Completed)
        {
            throw new InvalidOperationException(
                $"Refresh {instance.InstanceId} ended as {state.OrchestrationStatus}: {state.FailureDetails?.ErrorMessage ?? "no details"}");
        }

        return Converter.Deserialize<RunSummary>(state.Output)
            ?? throw new InvalidOperationException($"Refresh {instance.InstanceId} completed without a summary.");
    }

    /// <summary>The stored state of an instance (a run or a table sub-orchestration), or null when there is none.</summary>
    public async Task<LocalInstance?> GetInstanceAsync(string instanceId)
        => await _store.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false) is { } state
            ? new LocalInstance(state.OrchestrationInstance.InstanceId, state.OrchestrationStatus, state.Input, state.Output, state.Status)
            : null;

    /// <summary>
    /// Waits for the instance to end, reporting its custom status when it changes (polled every
    /// <see cref="ProgressInterval"/>); the end itself is signalled by the store at once.
    /// </summary>
    private async Task<OrchestrationState> WaitAsync(OrchestrationInstance instance, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
    {
        var instanceId = instance.InstanceId;
        var ended = _store.WaitForOrchestrationAsync(instanceId, instance.ExecutionId, RunWait, cancellationToken);
        string? lastStatus = null;
        while (true)
        {
            if (progress is not null
                && await _store.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false) is { Status: { } status }
                && status != lastStatus)
            {
                lastStatus = status;
                if (Converter.Deserialize<RefreshProgress>(status) is { } current)
                {
                    progress.Report(current);
                }
            }

            if (ended.IsCompleted)
            {
                return await ended.ConfigureAwait(false);
            }

            await Task.WhenAny(ended, Task.Delay(ProgressInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(isForced: true).ConfigureAwait(false);
        _worker.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Inputs reach <see cref="TaskHubClient"/> already serialized by <see cref="Converter"/>, as the shims read them.</summary>
    private sealed class PreSerialized : DurableTask.Core.Serializing.DataConverter
    {
        public override string Serialize(object value) => (string)value;

        public override string Serialize(object value, bool formatted) => (string)value;

        public override object Deserialize(string data, Type objectType) => data;
    }
}
