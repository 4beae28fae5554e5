using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// Change staging tables are UNLOGGED, which a crash restart of the server empties: a commit must then refuse
/// rather than apply a part of the job's changes.
/// </summary>
public sealed class UnloggedStagingTests
{
    private const string Changes = "meta.ts\tmeta.action\tkey.id\tvalue.name\tvalue.sortable_name\tvalue.short_name\tvalue.time_zone\tvalue.workflow_state\tvalue.avatar_state\tvalue.created_at\n"
        + "2026-11-01T03:00:00Z\tU\t1\tchanged\tx\tx\tUTC\tregistered\tnone\t2026-01-01T00:00:00Z\n";

    [Fact]
    public async Task Change_staging_is_unlogged_and_a_commit_after_a_server_restart_refuses_and_changes_nothing()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var sync = new StagingTarget(Users, "sync", StagingKind.Changes);
        await engine.PrepareStagingAsync(sync, OfficialFixtures.Schema(Users), cancellationToken);
        await LoadTextAsync(engine, sync, "o", Changes, cancellationToken);
        Assert.Equal("u\n", await CopyOutAsync(db, "COPY (SELECT relpersistence FROM pg_class WHERE relname = 'canvas.users.sync') TO STDOUT", cancellationToken));

        // What a restart looks like to the commit: the server's start time is no longer the one recorded at staging.
        await using (var connection = new Npgsql.NpgsqlConnection(db))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new Npgsql.NpgsqlCommand("""COMMENT ON TABLE canvasdata2."canvas.users.sync" IS 'server started 2000-01-01 00:00:00+00'""", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var error = await Assert.ThrowsAsync<ReplicationException>(() => engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken));

        Assert.Contains("restarted", error.Message, StringComparison.Ordinal);
        Assert.Contains("canvas.users", error.Message, StringComparison.Ordinal);
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
        Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(Users, cancellationToken));
    }
}
