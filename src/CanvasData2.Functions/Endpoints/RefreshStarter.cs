using CanvasData2.Orchestration;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CanvasData2.Functions.Endpoints;

/// <summary>What a start did: started <see cref="RunId"/>, or refused because <see cref="RunId"/> holds the slot.</summary>
internal sealed record StartResult(string RunId, bool Started);

/// <summary>
/// Starts a refresh under its own <see cref="RefreshRunId"/>, one run at a time:
/// 1. a run in flight (pending, running, suspended) refuses the start;
/// 2. a timer id whose slot already has an instance refuses it (a double fire collapses into one run); a manual
///    id whose second is taken moves to the next second;
/// 3. the backend refusing the id (an instance with it is in flight: <c>overridableExistingInstanceStates</c> is
///    <c>NonRunningStates</c> in host.json) refuses it;
/// 4. two starts with different ids can both pass step 1: after scheduling, the in-flight run created first wins
///    and a later one terminates itself, so both starters agree on one run.
/// </summary>
internal static class RefreshStarter
{
    public static async Task<StartResult> TryStartAsync(DurableTaskClient client, RefreshRequest request, RefreshRunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(id);
        if (await RunHistory.FirstInFlightAsync(client, cancellationToken).ConfigureAwait(false) is { } running)
        {
            return new StartResult(running.InstanceId, Started: false);
        }

        if (await RefreshRunIds.FirstFreeAsync(client, id, cancellationToken).ConfigureAwait(false) is not { } free)
        {
            return new StartResult(id.ToString(), Started: false);
        }

        var runId = free.ToString();
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                CanvasData2Tasks.RefreshOrchestratorName, request, new StartOrchestrationOptions(runId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsAlreadyExists(e))
        {
            return new StartResult(runId, Started: false);
        }

        var winner = await RunHistory.FirstInFlightAsync(client, cancellationToken).ConfigureAwait(false);
        if (winner is not null && winner.InstanceId != runId)
        {
            await client.TerminateInstanceAsync(runId, $"Lost the start race to {winner.InstanceId}", cancellationToken).ConfigureAwait(false);
            return new StartResult(winner.InstanceId, Started: false);
        }

        return new StartResult(runId, Started: true);
    }

    /// <summary>The backend's "an instance with this id is in flight", as the client or the gRPC channel reports it.</summary>
    private static bool IsAlreadyExists(Exception e)
        => e is OrchestrationAlreadyExistsException or RpcException { StatusCode: StatusCode.AlreadyExists };
}
