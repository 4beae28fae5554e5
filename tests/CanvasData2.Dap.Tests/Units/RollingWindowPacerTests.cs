using CanvasData2.Dap.Pacing;
using CanvasData2.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CanvasData2.Dap.Tests.Units;

public sealed class RollingWindowPacerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_call_after_the_limit_starts_exactly_one_window_after_the_first()
    {
        var cancellationToken = TestTimeout.Seconds(10);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var pacer = new RollingWindowPacer(5, Minute, time);
        for (var i = 0; i < 5; i++)
        {
            await pacer.WaitAsync(() => Assert.Fail("the first five must not wait"), cancellationToken);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var waited = false;
        var sixth = pacer.WaitAsync(() => waited = true, cancellationToken).AsTask();
        time.Advance(Minute - TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.True(waited);
        Assert.False(sixth.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await sixth.WaitAsync(cancellationToken);
    }

    [Fact]
    public void No_rolling_window_ever_holds_more_starts_than_the_limit_and_arrival_order_is_kept()
    {
        var time = new FakeTimeProvider();
        var pacer = new RollingWindowPacer(3, Minute, time);
        var random = new Random(42);
        var starts = new List<DateTimeOffset>();
        var arrivals = new List<DateTimeOffset>();
        for (var caller = 0; caller < 200; caller++)
        {
            arrivals.Add(time.GetUtcNow());
            var start = pacer.Reserve();
            Assert.True(start >= time.GetUtcNow(), "a start in the past");
            starts.Add(start);
            time.Advance(TimeSpan.FromSeconds(random.Next(0, 40)));
        }

        Assert.Equal(starts.Order(), starts);
        for (var i = 3; i < starts.Count; i++)
        {
            Assert.True(starts[i] - starts[i - 3] >= Minute, $"calls {i - 3} and {i} start {starts[i] - starts[i - 3]} apart");
        }

        // Not more cautious than needed: each call starts at its arrival, or when the call three places earlier
        // leaves the window, or with the call before it — whichever is latest.
        for (var i = 3; i < starts.Count; i++)
        {
            var earliest = new[] { arrivals[i], starts[i - 3] + Minute, starts[i - 1] }.Max();
            Assert.Equal(earliest, starts[i]);
        }
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_its_place_back()
    {
        var cancellationToken = TestTimeout.Seconds(10);
        var time = new FakeTimeProvider();
        var pacer = new RollingWindowPacer(1, Minute, time);
        await pacer.WaitAsync(() => { }, cancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cancelled = pacer.WaitAsync(() => { }, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var next = pacer.WaitAsync(() => { }, cancellationToken).AsTask();
        time.Advance(Minute);

        await next.WaitAsync(cancellationToken);
    }
}
