using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>DAP writes a placeholder for a value too large to serve: every load counts them, a repeated load too.</summary>
public sealed class TruncatedValueTests
{
    [Fact]
    public async Task Load_counts_the_placeholders_and_a_repeated_load_reports_the_same_count()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, _) = await NewEngineAsync();
        await using var __ = engine;
        var target = new StagingTarget(Users, "job-t", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, SyntheticSchema.Of("""{"a": {"type": "string"}, "b": {"type": "string"}}"""), cancellationToken);
        var marker = DapValues.OversizedTruncated;
        var tsv = $"key.id\tvalue.a\tvalue.b\n1\t{marker}\t__cd2_oversized_truncated__\n2\tplain\t\\N\n3\t{{\"x\": \"{marker}\"}}\tshort\n";

        var first = await LoadTextAsync(engine, target, "o1", tsv, cancellationToken);
        var again = await LoadTextAsync(engine, target, "o1", tsv, cancellationToken);

        Assert.Equal((3L, 3L, false), (first.Rows, first.TruncatedValues, first.AlreadyLoaded));
        Assert.Equal((3L, 3L, true), (again.Rows, again.TruncatedValues, again.AlreadyLoaded));
    }
}
