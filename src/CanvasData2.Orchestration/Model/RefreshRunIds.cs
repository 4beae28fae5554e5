using Microsoft.DurableTask.Client;

namespace CanvasData2.Orchestration;

/// <summary>Which <see cref="RefreshRunId"/> a new run may take in a task hub; both hosts (Functions and cd2) ask this.</summary>
public static class RefreshRunIds
{
    /// <summary>
    /// <paramref name="id"/> when no instance holds it. Otherwise a timer id gives null (its schedule slot already
    /// has a run: a double fire collapses into one), and any other trigger moves on second by second to a free id.
    /// </summary>
    public static async Task<RefreshRunId?> FirstFreeAsync(DurableTaskClient client, RefreshRunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(id);
        while (await client.GetInstanceAsync(id.ToString(), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
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
