namespace CanvasData2.Replication.Diagnostics;

/// <summary>
/// TEST-ONLY hook for the crash tests (tests/CanvasData2.Faults.Tests): when the environment variable
/// <c>CD2_TEST_PAUSE_AT</c> names a point (<c>load</c>, <c>before-commit</c>, <c>commit</c>), the process prints
/// <c>CD2_TEST_PAUSED &lt;point&gt;</c> to stderr and waits there, so the test can SIGKILL it at exactly that point.
/// Unset (always, in production) it does nothing.
/// </summary>
internal static class TestCrashPoint
{
    public const string Variable = "CD2_TEST_PAUSE_AT";
    private static readonly string? Point = Environment.GetEnvironmentVariable(Variable);

    public static async Task PauseAsync(string point, CancellationToken cancellationToken)
    {
        if (Point is null || !string.Equals(Point, point, StringComparison.Ordinal))
        {
            return;
        }

        await Console.Error.WriteLineAsync($"CD2_TEST_PAUSED {point}").ConfigureAwait(false);
        await Console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
    }
}
