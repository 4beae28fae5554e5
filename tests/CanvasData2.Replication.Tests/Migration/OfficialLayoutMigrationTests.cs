using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;

namespace CanvasData2.Replication.Tests.Migration;

/// <summary>Migrations against the database the official client built (ddl-step0.sql) and its v1 → v2 change.</summary>
public sealed class OfficialLayoutMigrationTests
{
    [Fact]
    public async Task Official_database_migrated_to_its_own_schemas_emits_no_ddl()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.LoadDumpAsync(OfficialFixtures.Read("ddl-step0.sql"), cancellationToken);
        var before = await db.DumpAsync(cancellationToken, "canvas", "catalog");

        foreach (var table in OfficialFixtures.Tables)
        {
            var (labels, result) = await db.MigrateAsync(OfficialFixtures.Model(table), cancellationToken);

            Assert.Empty(labels);
            Assert.Null(result.ReinitNeededReason);
            Assert.Empty(result.Changes);
        }

        Assert.Equal(before, await db.DumpAsync(cancellationToken, "canvas", "catalog"));
    }

    [Fact]
    public async Task Official_database_users_v1_to_v2_dumps_as_the_official_clients_step3()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        await db.LoadDumpAsync(OfficialFixtures.Read("ddl-step0.sql"), cancellationToken);
        await db.ExecuteAsync("INSERT INTO canvas.users (id, name, short_name, time_zone, workflow_state, created_at) VALUES (1, 'Zoë', 'zo', 'UTC', 'registered', now())", cancellationToken);
        var users = new TableName("canvas", "users");

        var (labels, result) = await db.MigrateAsync(OfficialFixtures.Model(users, version: 2), cancellationToken, previous: OfficialFixtures.Model(users));

        Assert.Equal(["enum canvas.users__workflow_state: label 'suspended' added"], labels);
        Assert.Null(result.ReinitNeededReason);
        Assert.Equal(
            ["column short_name: type character varying(64) -> varchar(255)", "column time_zone: NOT NULL dropped", "column merged_into_user_id added (bigint)"],
            result.Changes);
        var expected = PgDump.Blocks(OfficialFixtures.Read("ddl-step3.sql"), "canvas", "catalog");
        Assert.Equal(expected, PgDump.Blocks(await db.DumpAsync(cancellationToken, "canvas", "catalog"), "canvas", "catalog"));
        Assert.Equal("zo", await db.ScalarAsync<string>("SELECT short_name FROM canvas.users WHERE id = 1", cancellationToken));
    }

    [Fact]
    public async Task Our_database_users_v1_to_v2_matches_the_official_users_table()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        await using var db = await MigrationTestDatabase.CreateAsync(cancellationToken);
        var users = new TableName("canvas", "users");
        await db.CreateAsync(OfficialFixtures.Model(users), cancellationToken);

        var (_, result) = await db.MigrateAsync(OfficialFixtures.Model(users, version: 2), cancellationToken);
        var (labelsAgain, again) = await db.MigrateAsync(OfficialFixtures.Model(users, version: 2), cancellationToken);

        Assert.Null(result.ReinitNeededReason);
        Assert.Empty(labelsAgain);
        Assert.Empty(again.Changes);
        var dump = await db.DumpAsync(cancellationToken, "canvas");
        Assert.Equal(PgDump.TableBlocks(OfficialFixtures.Read("ddl-step3.sql"), "canvas", "users"), PgDump.TableBlocks(dump, "canvas", "users"));
    }
}
