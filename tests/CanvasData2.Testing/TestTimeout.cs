namespace CanvasData2.Testing;

/// <summary>Every test is bounded: a token that cancels after the given time.</summary>
public static class TestTimeout
{
    public static CancellationToken After(TimeSpan timeout) => new CancellationTokenSource(timeout).Token;

    public static CancellationToken Seconds(int seconds) => After(TimeSpan.FromSeconds(seconds));
}
