using CanvasData2.Orchestration.Orchestrators;

namespace CanvasData2.Orchestration.Tests.Orchestrators;

public sealed class JobPacerTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Next_later_calls_within_the_window_shift_to_when_the_window_frees()
    {
        var pacer = new JobPacer(2);

        var slots = new[] { pacer.Next(T0), pacer.Next(T0.AddSeconds(10)), pacer.Next(T0.AddSeconds(20)), pacer.Next(T0.AddSeconds(30)), pacer.Next(T0.AddSeconds(200)) };

        Assert.Equal([0, 10, 60, 70, 200], slots.Select(s => (s - T0).TotalSeconds));
    }

    [Fact]
    public void Next_same_inputs_same_slots()
    {
        static IEnumerable<DateTime> Run()
        {
            var pacer = new JobPacer(5);
            return Enumerable.Range(0, 12).Select(i => pacer.Next(T0.AddSeconds(i))).ToList();
        }

        Assert.Equal(Run(), Run());
    }
}
