using CanvasData2.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// Starts the refresh under one fixed instance id, so that at most one runs at a time (timer and HTTP alike).
/// </summary>
internal static class RefreshStarter
{
    /// <summary>The instance id every refresh uses; its history is replaced by the next run.</summary>
    public const string InstanceId = "cd2-refresh";

    /// <summary>Starts a refresh unless one is pending, running or suspended; returns whether it started.</summary>
    public static async Task<bool> TryStartAsync(DurableTaskClient client, RefreshRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            CanvasData2Tasks.RefreshOrchestratorName, request, new StartOrchestrationOptions(InstanceId), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
