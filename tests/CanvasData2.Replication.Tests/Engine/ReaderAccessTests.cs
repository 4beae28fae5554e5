using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// Roles in <see cref="ReplicaOptions.Readers"/> read every replicated table and <c>instructure_dap</c> after each
/// kind of run (init, sync, schema change in place, re-init, a namespace new in the run), and can neither write
/// nor see staging; a role taken off the list loses its access on the next run; a role that does not exist is an
/// error naming it.
/// </summary>
public sealed class ReaderAccessTests
{
    private readonly string _password = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_reader_reads_every_table_after_each_kind_of_run_and_can_write_nothing_nor_see_staging()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var reader = await CreateRoleAsync("reader", cancellationToken);
        var db = await TestPostgres.CreateDatabaseAsync("eng");
        await using var engine = ReplicaEngine.Create(db, new ReplicaOptions { Readers = [new ReaderRole(reader)] });
        await engine.EnsureBookkeepingAsync(cancellationToken);
        await engine.GrantReadersAsync(cancellationToken);
        var asReader = As(db, reader);

        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        Assert.Equal(await CountAsync(db, "canvas.users", cancellationToken), await CountAsync(asReader, "canvas.users", cancellationToken));
        Assert.Equal(1, await CountAsync(asReader, "instructure_dap.table_sync", cancellationToken));

        // A sync in progress: its staging exists, and the reader cannot see it.
        var sync1 = new StagingTarget(Users, "sync-1", StagingKind.Changes);
        await StageFixtureAsync(engine, sync1, "incremental-step0-step1", OfficialFixtures.Schema(Users), cancellationToken);
        Assert.Equal("42501", await RefusalAsync(asReader, """SELECT count(*) FROM canvasdata2."canvas.users.sync-1" """, cancellationToken));
        Assert.Equal("42501", await RefusalAsync(asReader, "SELECT count(*) FROM canvasdata2.staging_job", cancellationToken));
        await engine.CommitSyncAsync(sync1, Step0, Step1, cancellationToken);
        Assert.Equal(await CountAsync(db, "canvas.users", cancellationToken), await CountAsync(asReader, "canvas.users", cancellationToken));

        // A schema change applied in place: the new columns are readable too.
        var sync3 = new StagingTarget(Users, "sync-3", StagingKind.Changes);
        await StageFixtureAsync(engine, sync3, "incremental-step1-step3", OfficialFixtures.Schema(Users, 2), cancellationToken);
        await engine.CommitSyncAsync(sync3, Step1, Step3, cancellationToken);
        Assert.Equal(await CountAsync(db, "canvas.users", cancellationToken), await CountAsync(asReader, "canvas.users", cancellationToken));
        await QueryAsync(asReader, "SELECT * FROM canvas.users LIMIT 1", cancellationToken);

        // A re-init swaps a new table in.
        await InitFromFixtureAsync(engine, Users, "reinit", cancellationToken);
        Assert.Equal(await CountAsync(db, "canvas.users", cancellationToken), await CountAsync(asReader, "canvas.users", cancellationToken));

        // A namespace new in this run: readable the moment it is published.
        var notes = new TableName("catalog", "notes");
        var init = new StagingTarget(notes, "init", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(init, SyntheticSchema.Of("""{"v": {"type": "string"}}"""), cancellationToken);
        await LoadTextAsync(engine, init, "o", "key.id\tvalue.v\n1\tx\n", cancellationToken);
        await engine.CommitInitAsync(init, Step0, cancellationToken);
        Assert.Equal(1, await CountAsync(asReader, "catalog.notes", cancellationToken));

        Assert.Equal("42501", await RefusalAsync(asReader, "DELETE FROM canvas.users", cancellationToken));
        Assert.Equal("42501", await RefusalAsync(asReader, "UPDATE instructure_dap.table_sync SET schema_version = 0", cancellationToken));
        Assert.Equal("42501", await RefusalAsync(asReader, "CREATE TABLE canvas.mine (id int)", cancellationToken));
    }

    [Fact]
    public async Task A_reader_taken_off_the_list_loses_access_on_the_next_run()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (kept, dropped) = (await CreateRoleAsync("kept", cancellationToken), await CreateRoleAsync("dropped", cancellationToken));
        var db = await TestPostgres.CreateDatabaseAsync("eng");
        await using (var engine = ReplicaEngine.Create(db, new ReplicaOptions { Readers = [new ReaderRole(kept), new ReaderRole(dropped)] }))
        {
            await engine.EnsureBookkeepingAsync(cancellationToken);
            await engine.GrantReadersAsync(cancellationToken);
            await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
            Assert.True(await CountAsync(As(db, dropped), "canvas.users", cancellationToken) > 0);
        }

        await using (var engine = ReplicaEngine.Create(db, new ReplicaOptions { Readers = [new ReaderRole(kept)] }))
        {
            await engine.EnsureBookkeepingAsync(cancellationToken);
            await engine.GrantReadersAsync(cancellationToken);
        }

        Assert.Equal("42501", await RefusalAsync(As(db, dropped), "SELECT count(*) FROM canvas.users", cancellationToken));
        Assert.Equal("42501", await RefusalAsync(As(db, dropped), "SELECT count(*) FROM instructure_dap.table_sync", cancellationToken));
        Assert.True(await CountAsync(As(db, kept), "canvas.users", cancellationToken) > 0);
    }

    [Fact]
    public async Task A_reader_role_that_does_not_exist_is_an_error_naming_it_and_the_replica_stays()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var before = await DumpAsync(db, Users, cancellationToken);
        var ghost = $"ghost_{Guid.NewGuid():N}"[..16];

        await using var withGhost = ReplicaEngine.Create(db, new ReplicaOptions { Readers = [new ReaderRole(ghost)] });
        var error = await Assert.ThrowsAsync<ReplicationException>(() => withGhost.GrantReadersAsync(cancellationToken));

        Assert.Contains($"Reader role '{ghost}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CD2_READER_ROLES", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(db, Users, cancellationToken));
    }

    private async Task<string> CreateRoleAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await using var connection = new NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE ROLE {name} LOGIN PASSWORD '{_password}'", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    private string As(string db, string role)
        => new NpgsqlConnectionStringBuilder(db) { Username = role, Password = _password, Pooling = false }.ConnectionString;

    private static Task<long> CountAsync(string connectionString, string table, CancellationToken cancellationToken)
        => ScalarAsync(connectionString, $"SELECT count(*) FROM {table}", cancellationToken);

    private static async Task QueryAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
        }
    }

    private static async Task<string> RefusalAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(connectionString, sql, cancellationToken));
        return error.SqlState;
    }
}
