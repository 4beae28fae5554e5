using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// The in-process durable host's own cost per activity call: an orchestration that calls an empty activity
/// <c>hops</c> times in sequence. Separates the host's dispatch latency from our orchestration's work.
/// </summary>
internal static class HopProbe
{
    public static async Task<double> MeasureSecondsPerHopAsync(int hops, CancellationToken cancellationToken)
    {
        await using var host = await DurableTaskTestHost.StartAsync(r => r.AddOrchestrator<SequentialEchoes>().AddActivity<Echo>(), cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SequentialEchoes), hops, cancellationToken);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, cancellationToken);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? clock.Elapsed.TotalSeconds / hops
            : throw new InvalidOperationException($"Hop probe ended {done.RuntimeStatus}.");
    }

    internal sealed class SequentialEchoes : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            var total = 0;
            for (var i = 0; i < input; i++)
            {
                total += await context.CallActivityAsync<int>(nameof(Echo), 1);
            }

            return total;
        }
    }

    internal sealed class Echo : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }
}
