using System.Text.Json.Nodes;
using CanvasData2.Emulator;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Orchestration;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 6: 100 tables × 2 refreshes (init, then sync), each refresh one orchestration, through the in-process
/// durable host while ~20 % of DAP requests fail transiently (seeded 429/500/504); every table ends equal to a
/// fault-free replica.
/// </summary>
public sealed class LoadTests
{
    private const string Namespace = "load";
    private const int Tables = 100;

    [Fact]
    public async Task Many_tables_twice_under_a_20_percent_transient_fault_rate_end_exactly_like_a_fault_free_run()
    {
        var cancellationToken = TestTimeout.Seconds(900);
        await using var harness = await FaultHarness.StartAsync();
        var schema = JsonNode.Parse(TestSchema.Of(
            """{"score": {"type": "integer", "format": "int32"}, "name": {"type": "string"}, "ratio": {"type": "number", "format": "float64"}}""").Schema.GetRawText())!.AsObject();
        for (var i = 0; i < Tables; i++)
        {
            harness.Emulator.AddTable(Namespace, $"t{i:000}", schema.DeepClone().AsObject(), rows: 10);
        }

        var reference = await TestPostgres.CreateDatabaseAsync("loadref");
        var faulted = await TestPostgres.CreateDatabaseAsync("load");
        var names = Enumerable.Range(0, Tables).Select(i => $"t{i:000}").ToList();

        for (var refresh = 0; refresh < 2; refresh++)
        {
            var request = new RefreshRequest([Namespace], MaxParallelTables: 10, Pacing: false, Tuning: FaultHarness.FastTuning with { MaxParallelObjects = 2 });
            var clean = await harness.RefreshAsync(reference, request, cancellationToken);
            Assert.True(clean.Succeeded, "fault-free reference: " + ApiFaultTests.Describe(clean));
            AddTransientFaults(harness.Emulator, seed: refresh * 1000);
            var summary = await harness.RefreshAsync(faulted, request, cancellationToken);
            harness.Emulator.ClearFaults();
            Assert.True(summary.Succeeded, ApiFaultTests.Describe(summary));
            var outcomes = summary.Tables;

            Assert.Equal(Tables, outcomes.Count);
            Assert.All(outcomes, t => Assert.Equal(refresh == 0 ? TableOutcome.Initialized : TableOutcome.Complete, t.Outcome));
            Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken, Namespace), await ReplicaDump.AllAsync(faulted, cancellationToken, Namespace));
            harness.Emulator.AdvanceTime(1);
        }

        // The faults really fired: the DAP client logged its retries (about a fifth of some 2,000 faulted requests).
        Assert.True(harness.Logs.Lines.Count(l => l.Contains("; retry ", StringComparison.Ordinal)) > Tables / 2, "too few injected faults fired");
    }

    /// <summary>~20 % of API calls and downloads fail: 429, 500 and 504 at about 7 % each, from fixed seeds.</summary>
    private static void AddTransientFaults(EmulatorServer emulator, int seed)
    {
        const string Any = "^/(dap|_objects)/";
        emulator.AddFault(new FaultRule(FaultKind.TooManyRequests, Any) { Probability = 0.07, Seed = 100 + seed });
        emulator.AddFault(new FaultRule(FaultKind.InternalError, Any) { Probability = 0.075, Seed = 200 + seed });
        emulator.AddFault(new FaultRule(FaultKind.GatewayTimeout, Any) { Probability = 0.08, Seed = 300 + seed });
    }
}
