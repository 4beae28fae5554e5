using CanvasData2.Replication;

namespace CanvasData2.Local;

/// <summary>
/// The crash tests' pause (tests/CanvasData2.Faults.Tests): wired into <see cref="ReplicaOptions.OnPhase"/> by
/// <c>cd2 --pause-at &lt;point&gt;</c>, it prints <c>CD2_TEST_PAUSED &lt;point&gt;</c> when the engine reaches that
/// point and waits there, so the test can SIGKILL the process at exactly that moment.
/// </summary>
public static class CrashPoints
{
    /// <summary>The line printed on reaching the point, followed by a space and the point's name.</summary>
    public const string Marker = "CD2_TEST_PAUSED";

    private static readonly Dictionary<string, ReplicaPhase> Points = new(StringComparer.Ordinal)
    {
        ["load"] = ReplicaPhase.Load,
        ["before-commit"] = ReplicaPhase.BeforeCommit,
        ["commit"] = ReplicaPhase.Commit,
    };

    /// <summary>The names accepted by <see cref="PauseAt"/>.</summary>
    public static IReadOnlyCollection<string> Names => Points.Keys;

    /// <summary>
    /// A phase callback that writes the marker to <paramref name="output"/> and waits (up to two minutes, or until
    /// cancelled) when the engine reaches <paramref name="point"/>; other phases pass straight through.
    /// </summary>
    public static Func<ReplicaPhase, CancellationToken, Task> PauseAt(string point, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Points.TryGetValue(point, out var phase))
        {
            throw new ArgumentException($"Unknown crash point '{point}'; expected one of: {string.Join(", ", Names)}.", nameof(point));
        }

        return async (reached, cancellationToken) =>
        {
            if (reached != phase)
            {
                return;
            }

            await output.WriteLineAsync($"{Marker} {point}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        };
    }
}
