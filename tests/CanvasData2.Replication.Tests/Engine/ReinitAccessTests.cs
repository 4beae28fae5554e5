using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// A re-init swaps a new table in for the live one (drop, move, rename). Whatever users were given on the table
/// (grants, ownership, their own comment) must be on the new table in the same transaction, as for the views.
/// </summary>
public sealed class ReinitAccessTests
{
    [Fact]
    public async Task Reinit_keeps_the_tables_grants_owner_and_user_comment()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (reader, writer, owner) = ($"reader_{suffix}", $"writer_{suffix}", $"owner_{suffix}");
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        await ExecuteAsync(
            db,
            $"""
            CREATE ROLE {reader}; CREATE ROLE {writer}; CREATE ROLE {owner};
            GRANT USAGE ON SCHEMA canvas TO {reader}, {writer};
            GRANT SELECT ON canvas.users TO {reader};
            GRANT SELECT, INSERT, UPDATE ON canvas.users TO {writer} WITH GRANT OPTION;
            GRANT SELECT ON canvas.users TO PUBLIC;
            COMMENT ON TABLE canvas.users IS 'Canvas users, as our analysts read them';
            ALTER TABLE canvas.users OWNER TO {owner};
            """,
            cancellationToken);
        var before = await AclAsync(db, cancellationToken);

        await InitFromFixtureAsync(engine, Users, "reinit", cancellationToken);

        Assert.Equal(before, await AclAsync(db, cancellationToken));
        Assert.Equal(owner, await TextAsync(db, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'canvas.users'::regclass", cancellationToken));
        Assert.Equal("Canvas users, as our analysts read them", await TextAsync(db, "SELECT obj_description('canvas.users'::regclass, 'pg_class')", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, $"SELECT has_table_privilege('{reader}', 'canvas.users', 'SELECT')::int", cancellationToken));
        Assert.Equal(0, await ScalarAsync(db, $"SELECT has_table_privilege('{reader}', 'canvas.users', 'INSERT')::int", cancellationToken));
        Assert.Equal(1, await ScalarAsync(db, $"SELECT has_table_privilege('{writer}', 'canvas.users', 'UPDATE WITH GRANT OPTION')::int", cancellationToken));
        Assert.Equal(OfficialFixtures.Read("data-step0/canvas.users.tsv"), await DumpAsync(db, Users, cancellationToken));
    }

    [Fact]
    public async Task Reinit_of_a_table_nobody_was_given_anything_stays_private_with_the_schemas_description()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await InitFromFixtureAsync(engine, Users, "init", cancellationToken);
        var comment = await TextAsync(db, "SELECT coalesce(obj_description('canvas.users'::regclass, 'pg_class'), '')", cancellationToken);

        await InitFromFixtureAsync(engine, Users, "reinit", cancellationToken);

        Assert.Equal("", await AclAsync(db, cancellationToken));
        Assert.Equal(comment, await TextAsync(db, "SELECT coalesce(obj_description('canvas.users'::regclass, 'pg_class'), '')", cancellationToken));
    }

    private static Task<string> AclAsync(string db, CancellationToken cancellationToken)
        => TextAsync(db, "SELECT coalesce(array_to_string(array(SELECT unnest(relacl)::text ORDER BY 1), ','), '') FROM pg_class WHERE oid = 'canvas.users'::regclass", cancellationToken);

    private static async Task<string> TextAsync(string db, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
