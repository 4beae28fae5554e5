namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>
/// Runs durable tasks with at most <c>maxParallel</c> in flight, results in input order. Deterministic in an
/// orchestrator: tasks start in input order and completions are taken in the order history replays them.
/// </summary>
internal static class BoundedFanOut
{
    public static async Task<IReadOnlyList<TOut>> RunAsync<TIn, TOut>(
        IReadOnlyList<TIn> items, int maxParallel, Func<TIn, Task<TOut>> start, Action<TOut>? completed = null)
    {
        var results = new TOut[items.Count];
        var running = new List<(Task<TOut> Task, int Index)>();
        var next = 0;
        while (next < items.Count || running.Count > 0)
        {
            while (running.Count < Math.Max(1, maxParallel) && next < items.Count)
            {
                running.Add((start(items[next]), next));
                next++;
            }

            var done = await Task.WhenAny(running.Select(r => r.Task)).ConfigureAwait(true);
            var position = running.FindIndex(r => r.Task == done);
            var index = running[position].Index;
            running.RemoveAt(position);
            results[index] = await done.ConfigureAwait(true);
            completed?.Invoke(results[index]);
        }

        return results;
    }
}
