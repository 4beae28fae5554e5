using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>Replays the objects the official client downloaded and expects exactly the tables and table_sync rows it built.</summary>
public sealed class FixtureReplayTests
{
    [Theory]
    [InlineData("users")]
    [InlineData("assignments")]
    public async Task Snapshot_then_two_incrementals_build_the_official_tables_byte_for_byte(string name)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var table = new TableName("canvas", name);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;

        var init = new StagingTarget(table, "job-init", StagingKind.Snapshot);
        await StageFixtureAsync(engine, init, "snapshot-step0", OfficialFixtures.Schema(table), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);
        Assert.Equal(OfficialFixtures.Read($"data-step0/{table}.tsv"), await DumpAsync(db, table, cancellationToken));
        Assert.Equal(FixtureTableSync("table_sync-step0.tsv", table), await TableSyncAsync(db, table, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(table, cancellationToken));

        var sync1 = new StagingTarget(table, "job-sync-1", StagingKind.Changes);
        await StageFixtureAsync(engine, sync1, "incremental-step0-step1", OfficialFixtures.Schema(table), cancellationToken);
        var result1 = await engine.CommitSyncAsync(sync1, Step0, Step1, cancellationToken);
        Assert.Equal(CommitOutcome.Committed, result1.Outcome);
        Assert.True(result1.RowsUpserted > 0 && result1.RowsDeleted > 0, result1.ToString());
        Assert.Equal(OfficialFixtures.Read($"data-step1/{table}.tsv"), await DumpAsync(db, table, cancellationToken));
        Assert.Equal(FixtureTableSync("table_sync-step1.tsv", table), await TableSyncAsync(db, table, cancellationToken));

        var version = name == "users" ? 2 : 1;
        var sync3 = new StagingTarget(table, "job-sync-3", StagingKind.Changes);
        await StageFixtureAsync(engine, sync3, "incremental-step1-step3", OfficialFixtures.Schema(table, version), cancellationToken);
        var result3 = await engine.CommitSyncAsync(sync3, Step1, Step3, cancellationToken);
        Assert.Equal(CommitOutcome.Committed, result3.Outcome);
        Assert.Equal(version, result3.SchemaVersion);
        Assert.Equal(OfficialFixtures.Read($"data-step3/{table}.tsv"), await DumpAsync(db, table, cancellationToken));
        Assert.Equal(FixtureTableSync("table_sync-step3.tsv", table), await TableSyncAsync(db, table, cancellationToken));
        Assert.Equal(new SyncFrom(Step3, version), await engine.PlanAsync(table, cancellationToken));
        Assert.Equal("1\n", await CopyOutAsync(db, "COPY instructure_dap.database_version TO STDOUT", cancellationToken));
    }
}
