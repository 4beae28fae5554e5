using Microsoft.DurableTask.Client;

namespace CanvasData2.Orchestration;

/// <summary>Which <see cref="RefreshRunId"/> a new run may take in a task hub; both hosts (Functions and cd2) ask this.</summary>
public static class RefreshRunIds
{
    /// <summary>
    /// <paramref name="id"/> when no instance holds it. Otherwise a timer id gives null (its schedule slot already
    /// has a run: a double fire collapses into one), and any other trigger moves on second by second to a free id.
    /// </summary>
    public static Task<RefreshRunId?> FirstFreeAsync(DurableTaskClient client, RefreshRunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return FirstFreeAsync(
            async (instanceId, token) => await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, token).ConfigureAwait(false) is not null,
            id,
            cancellationToken);
    }

    /// <summary>The same, for a store that is not behind a <see cref="DurableTaskClient"/> (the local host's): <paramref name="isTaken"/> tells whether an instance id exists.</summary>
    public static async Task<RefreshRunId?> FirstFreeAsync(Func<string, CancellationToken, Task<bool>> isTaken, RefreshRunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        ArgumentNullException.ThrowIfNull(id);
        while (await isTaken(id.ToString(), cancellationToken).ConfigureAwait(false))
        {
            if (id.Trigger == RefreshTrigger.Timer)
            {
                return null;
            }

            id = id.Next();
        }

        return id;
    }
}
