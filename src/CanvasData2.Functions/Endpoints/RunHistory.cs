using CanvasData2.Orchestration;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// Queries of the task hub for refresh runs: instances whose id parses as a <see cref="RefreshRunId"/>
/// (table sub-orchestrations share the prefix but not the form, and are left out).
/// </summary>
internal static class RunHistory
{
    /// <summary>A run in one of these states holds the "one run at a time" slot.</summary>
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> InFlightStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Only finished instances are purged: a running refresh keeps its history.</summary>
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>The in-flight run created first (ties: the smaller id), or null. Every starter agrees on it.</summary>
    public static async Task<OrchestrationMetadata?> FirstInFlightAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var runs = await QueryAsync(client, new OrchestrationQuery { InstanceIdPrefix = RefreshRunId.Prefix, Statuses = InFlightStatuses }, cancellationToken)
            .ConfigureAwait(false);
        return runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.InstanceId, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Runs created since <paramref name="since"/>, newest first, at most <paramref name="limit"/>, with outputs.</summary>
    public static async Task<IReadOnlyList<OrchestrationMetadata>> RecentAsync(
        DurableTaskClient client, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var runs = await QueryAsync(
            client, new OrchestrationQuery { InstanceIdPrefix = RefreshRunId.Prefix, CreatedFrom = since, FetchInputsAndOutputs = true }, cancellationToken)
            .ConfigureAwait(false);
        return runs.OrderByDescending(r => r.InstanceId, StringComparer.Ordinal).Take(limit).ToList();
    }

    private static async Task<List<OrchestrationMetadata>> QueryAsync(DurableTaskClient client, OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var runs = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (RefreshRunId.TryParse(instance.InstanceId, out _))
            {
                runs.Add(instance);
            }
        }

        return runs;
    }
}
