using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// A key that occurs more than once in one job keeps its last occurrence: the later object in the job's list,
/// then the later line, whatever order the parallel loads reached the staging table in.
/// </summary>
public sealed class RepeatedKeyTests
{
    private const string Values = "value.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n";
    private const string SnapshotHeader = "meta.ts\tkey.id\t" + Values;
    private const string ChangesHeader = "meta.ts\tmeta.action\tkey.id\t" + Values;

    private static string Snapshot(int id, string name) => $"2026-11-01T00:00:00Z\t{id}\t{name}\tx, {name}\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    private static string Update(int id, string name) => $"2026-11-01T03:00:00Z\tU\t{id}\t{name}\tx, {name}\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    private static string Delete(int id) => $"2026-11-01T03:00:00Z\tD\t{id}\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n";

    /// <summary>How the two objects reach the staging table: both at once, or the later one first (physical order reversed).</summary>
    public enum LoadOrder
    {
        Parallel,
        LaterObjectFirst,
    }

    [Theory]
    [InlineData(LoadOrder.Parallel)]
    [InlineData(LoadOrder.LaterObjectFirst)]
    public async Task Update_then_delete_across_objects_deletes_and_delete_then_update_keeps_the_update(LoadOrder order)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);

        // Object 0: key 1 updated, key 2 deleted, key 3 updated. Object 1: key 1 deleted, key 2 updated, key 3 updated again.
        var first = ChangesHeader + Update(1, "u1") + Delete(2) + Update(3, "u3-first");
        var second = ChangesHeader + Delete(1) + Update(2, "u2") + Update(3, "u3-second");
        await LoadBothAsync(order, () => LoadTextAsync(engine, sync, "first", 0, first, cancellationToken), () => LoadTextAsync(engine, sync, "second", 1, second, cancellationToken));

        var result = await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken);

        Assert.Equal(CommitOutcome.Committed, result.Outcome);
        Assert.Equal("2\tu2\n3\tu3-second\n", await CopyOutAsync(db, "COPY (SELECT id, name FROM canvas.users WHERE id IN (1, 2, 3) ORDER BY id) TO STDOUT", cancellationToken));
        Assert.Equal((2, 1), (result.RowsUpserted, result.RowsDeleted));
    }

    [Fact]
    public async Task Within_one_change_object_the_later_line_wins()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, sync, "only", ChangesHeader + Update(1, "gone") + Delete(1) + Delete(2) + Update(2, "back") + Update(3, "a") + Update(3, "b"), cancellationToken);

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);

        Assert.Equal("2\tback\n3\tb\n", await CopyOutAsync(db, "COPY (SELECT id, name FROM canvas.users WHERE id IN (1, 2, 3) ORDER BY id) TO STDOUT", cancellationToken));
    }

    [Theory]
    [InlineData(LoadOrder.Parallel)]
    [InlineData(LoadOrder.LaterObjectFirst)]
    public async Task A_snapshot_keeps_the_last_row_of_a_repeated_key_by_object_then_line(LoadOrder order)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var init = new StagingTarget(Users, "dup", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, OfficialFixtures.Schema(Users), cancellationToken);

        // Key 1: object 0 then object 1. Key 2: twice within object 1, "b" on the later line. Key 3: twice within object 0.
        var first = SnapshotHeader + Snapshot(1, "first") + Snapshot(3, "c-early") + Snapshot(3, "c-late");
        var second = SnapshotHeader + Snapshot(2, "a") + Snapshot(1, "second") + Snapshot(2, "b");
        await LoadBothAsync(order, () => LoadTextAsync(engine, init, "first", 0, first, cancellationToken), () => LoadTextAsync(engine, init, "second", 1, second, cancellationToken));

        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(init, Step0, cancellationToken)).Outcome);

        Assert.Equal("1\tsecond\n2\tb\n3\tc-late\n", await CopyOutAsync(db, "COPY (SELECT id, name FROM canvas.users ORDER BY id) TO STDOUT", cancellationToken));
        Assert.Equal("0\n", await CopyOutAsync(db, "COPY (SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name LIKE 'meta.%') TO STDOUT", cancellationToken));
    }

    private static async Task LoadBothAsync(LoadOrder order, Func<Task<ObjectLoadResult>> earlier, Func<Task<ObjectLoadResult>> later)
    {
        if (order == LoadOrder.Parallel)
        {
            await Task.WhenAll(Task.Run(earlier), Task.Run(later));
            return;
        }

        await later();
        await earlier();
    }
}
