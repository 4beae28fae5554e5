using System.Collections.Concurrent;

namespace CanvasData2.Emulator.Jobs;

/// <summary>Live jobs by id and by query; expired jobs vanish with their files.</summary>
internal sealed class JobStore(TimeProvider time, string cacheDirectory) : IDisposable
{
    private readonly ConcurrentDictionary<string, Job> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Job> _byQuery = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _createLock = new();

    public string CacheDirectory => cacheDirectory;

    /// <summary>Returns the live job of an identical query, or starts a new one made by <paramref name="create"/>.</summary>
    public Job GetOrCreate(string queryKey, Func<string, string, Job> create)
    {
        lock (_createLock)
        {
            if (_byQuery.TryGetValue(queryKey, out var existing) && Find(existing.Id) is not null)
            {
                return existing;
            }

            var id = Guid.NewGuid().ToString();
            var job = create(id, Path.Combine(cacheDirectory, id));
            job.Generation = job.InjectedFailure is null
                ? ObjectGenerator.GenerateAsync(job.Spec, job.Directory, _stopping.Token)
                : Task.FromResult<IReadOnlyList<string>>([]);
            _byId[id] = job;
            _byQuery[queryKey] = job;
            return job;
        }
    }

    public Job? Find(string id)
    {
        if (!_byId.TryGetValue(id, out var job))
        {
            return null;
        }

        if (job.ExpiresAt > time.GetUtcNow())
        {
            return job;
        }

        _byId.TryRemove(id, out _);
        _byQuery.TryRemove(new KeyValuePair<string, Job>(job.QueryKey, job));
        _ = job.Generation?.ContinueWith(_ => TryDelete(job.Directory), TaskScheduler.Default);
        return null;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var job in _byId.Values)
        {
            try
            {
                job.Generation?.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // Cancelled or failed generation: its files are removed with the directory below.
            }
        }

        _stopping.Dispose();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A download may still hold a file open; the cache directory is removed on dispose anyway.
        }
    }
}
