using System.Globalization;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Formats;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Jobs;

/// <summary>
/// Writes a job's objects once, into its directory. Snapshots split the key range into chunks written in parallel;
/// incrementals scan every key once and roll to a new object every RowsPerObject records.
/// </summary>
internal static class ObjectGenerator
{
    public static async Task<IReadOnlyList<string>> GenerateAsync(JobSpec spec, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        return spec.Incremental
            ? await Task.Run(() => WriteIncremental(spec, directory, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await WriteSnapshotAsync(spec, directory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> WriteSnapshotAsync(JobSpec spec, string directory, CancellationToken cancellationToken)
    {
        var maxKey = spec.Timeline.MaxKeyAt(spec.UntilStep);
        var chunks = (int)Math.Max(1, (maxKey + spec.RowsPerObject - 1) / spec.RowsPerObject);
        var names = Enumerable.Range(0, chunks).Select(i => PartName(i, spec.Format)).ToArray();
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForAsync(0, chunks, options, (chunk, token) =>
        {
            var composer = new RowComposer(spec.Versions, spec.Target, spec.Timeline.TableHash);
            var keys = new Cell[composer.Layout.Keys.Count];
            var values = new Cell[composer.Layout.Values.Count];
            var stamps = new StepStamps(spec.StepTime);
            using var writer = RecordWriter.Create(spec.Format, Path.Combine(directory, names[chunk]), composer.Layout, incremental: false);
            var last = Math.Min(maxKey, (chunk + 1L) * spec.RowsPerObject);
            for (var key = chunk * (long)spec.RowsPerObject + 1; key <= last; key++)
            {
                var state = spec.Timeline.StateAt(key, spec.UntilStep);
                if (state.LastWrite < spec.FirstStep || state.DeletedAt >= 0)
                {
                    continue;
                }

                composer.ComposeKey(key, keys);
                composer.ComposeValues(key, state.LastWrite, values);
                writer.Write(stamps[state.LastWrite], false, keys, values);
                if ((key & 0xFFF) == 0)
                {
                    token.ThrowIfCancellationRequested();
                }
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return names;
    }

    /// <summary>Salts the choice of repeated keys so it is independent of the timeline's own draws.</summary>
    private const ulong RepeatSalt = 0x5EED_0F2E_DEA7UL;

    private static List<string> WriteIncremental(JobSpec spec, string directory, CancellationToken cancellationToken)
    {
        var composer = new RowComposer(spec.Versions, spec.Target, spec.Timeline.TableHash);
        var keys = new Cell[composer.Layout.Keys.Count];
        var values = new Cell[composer.Layout.Values.Count];
        var stamps = new StepStamps(spec.StepTime);
        var since = spec.SinceStep!.Value;
        var names = new List<string>();
        RecordWriter? writer = null;
        try
        {
            void Emit(long key, int step, bool delete)
            {
                if (writer is null || writer.Count >= spec.RowsPerObject)
                {
                    writer?.Dispose();
                    names.Add(PartName(names.Count, spec.Format));
                    writer = RecordWriter.Create(spec.Format, Path.Combine(directory, names[^1]), composer.Layout, incremental: true);
                }

                composer.ComposeKey(key, keys);
                if (!delete)
                {
                    composer.ComposeValues(key, step, values);
                }

                writer.Write(stamps[step], delete, keys, delete ? [] : values);
            }

            var maxKey = spec.Timeline.MaxKeyAt(spec.UntilStep);
            if (spec.RepeatedKeyShare > 0)
            {
                // Stale first rows of a share of the updated keys (their values at the job's start), ahead of the real ones.
                // The share is drawn first, so the loop below is the only one that reads every key's state.
                for (var key = 1L; key <= maxKey; key++)
                {
                    if (StableHash.Fraction(StableHash.Combine(spec.Timeline.TableHash, (ulong)key, RepeatSalt)) >= spec.RepeatedKeyShare)
                    {
                        continue;
                    }

                    var state = spec.Timeline.StateAt(key, spec.UntilStep);
                    if (state.DeletedAt < 0 && state.LastWrite > since && spec.Timeline.BirthStep(key) <= since)
                    {
                        Emit(key, Math.Max(0, since), delete: false);
                    }
                }
            }

            for (var key = 1L; key <= maxKey; key++)
            {
                var state = spec.Timeline.StateAt(key, spec.UntilStep);
                if (state.DeletedAt > since)
                {
                    Emit(key, state.DeletedAt, delete: true);
                }
                else if (state.DeletedAt < 0 && state.LastWrite > since)
                {
                    Emit(key, state.LastWrite, delete: false);
                }

                if ((key & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            for (var step = Math.Max(1, since + 1); step <= spec.UntilStep; step++)
            {
                Emit(Data.RowTimeline.GhostKey(step), step, delete: true);
            }

            if (names.Count == 0)
            {
                names.Add(PartName(0, spec.Format));
                writer = RecordWriter.Create(spec.Format, Path.Combine(directory, names[0]), composer.Layout, incremental: true);
            }
        }
        finally
        {
            writer?.Dispose();
        }

        return names;
    }

    private static string PartName(int index, QueryFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"part-{index:D5}{format.Extension()}");

    /// <summary>Caches the `meta.ts` text of each step.</summary>
    private sealed class StepStamps(Func<int, DateTimeOffset> stepTime)
    {
        private readonly Dictionary<int, string> _cache = [];

        public string this[int step] => _cache.TryGetValue(step, out var text)
            ? text
            : _cache[step] = ValueText.Timestamp(stepTime(step));
    }
}
