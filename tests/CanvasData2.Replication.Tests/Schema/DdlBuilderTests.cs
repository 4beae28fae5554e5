using CanvasData2.Model;
using CanvasData2.Replication.Schema;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Replication.Tests.Schema;

public sealed class DdlBuilderTests
{
    [Fact]
    public async Task Create_table_all_fixture_tables_dumps_exactly_as_the_official_clients_database()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var database = await TestPostgres.CreateDatabaseAsync("ddl");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var table in OfficialFixtures.Tables)
            {
                await DdlBuilder.CreateTableAsync(connection, OfficialFixtures.Model(table), null, null, withNotNull: true, withPrimaryKey: true, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var ours = await PgDump.SchemaOnlyAsync(database, ["canvas", "catalog"], cancellationToken);

        Assert.Equal(PgDump.Blocks(OfficialFixtures.Read("ddl-step0.sql"), "canvas", "catalog"), PgDump.Blocks(ours, "canvas", "catalog"));
    }

    [Fact]
    public async Task A_snapshot_staging_table_has_its_not_nulls_and_gets_the_key_named_for_the_live_table_after_the_load()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var connection = new NpgsqlConnection(await TestPostgres.CreateDatabaseAsync("ddl"));
        await connection.OpenAsync(cancellationToken);
        var model = OfficialFixtures.Model(new TableName("canvas", "users"));

        await DdlBuilder.CreateTableAsync(connection, model, "cd2_staging", "users_job1", withNotNull: true, withPrimaryKey: false, cancellationToken);
        Assert.Equal(5L, await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'cd2_staging.users_job1'::regclass AND attnotnull AND attnum > 0", cancellationToken));
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'cd2_staging.users_job1'::regclass", cancellationToken));
        Assert.Equal("canvas", await ScalarAsync<string>(connection, "SELECT n.nspname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'users__workflow_state'", cancellationToken));

        await DdlBuilder.AddPrimaryKeyAsync(connection, model, "cd2_staging", "users_job1", "users", cancellationToken);

        Assert.Equal("pk_users", await ScalarAsync<string>(connection, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'cd2_staging.users_job1'::regclass AND contype = 'p'", cancellationToken));
    }

    [Fact]
    public async Task A_change_staging_table_has_no_constraints()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var connection = new NpgsqlConnection(await TestPostgres.CreateDatabaseAsync("ddl"));
        await connection.OpenAsync(cancellationToken);

        await DdlBuilder.CreateTableAsync(connection, OfficialFixtures.Model(new TableName("canvas", "users")), "cd2_staging", "users_job2", withNotNull: false, withPrimaryKey: false, cancellationToken);

        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'cd2_staging.users_job2'::regclass AND attnotnull AND attnum > 0", cancellationToken));
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'cd2_staging.users_job2'::regclass", cancellationToken));
    }

    [Fact]
    public void Primary_key_name_long_table_is_shortened_deterministically()
    {
        var name = new string('t', 70);

        Assert.Equal("pk_users", DdlBuilder.PrimaryKeyName("users"));
        Assert.Equal(63, System.Text.Encoding.UTF8.GetByteCount(DdlBuilder.PrimaryKeyName(name)));
        Assert.Equal(DdlBuilder.PrimaryKeyName(name), DdlBuilder.PrimaryKeyName(name));
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
