using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Infra.Tests.PermissionModel;

/// <summary>
/// Reader access on Azure's permission model (<see cref="AzureFlexibleServer"/>): the app, an Entra admin but not a
/// superuser, makes the reader group's role itself (<c>pgaadauth_create_principal_with_oid</c>) and grants, as the
/// owner, what readers need (Azure's function lives in the postgres database: the app makes the role there). A member of the group signs in with the group's name, and the deployer (an Entra
/// admin, which on Azure reads nothing it does not own) with its own: both read every replicated table and the
/// freshness table, write nothing and see no staging.
/// </summary>
public sealed class ReaderAccessOnAzureTests
{
    private static readonly TableName Table = new("canvas", "accounts");

    [Fact]
    public async Task The_reader_group_and_the_deployer_read_the_replica_the_app_made_and_nothing_more()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var server = await AzureFlexibleServer.StartAsync(cancellationToken);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (app, deployer, group, database) = ($"id-cd2-{suffix}", $"ada-{suffix}@example.org", $"CD2 readers {suffix}", $"azure_{suffix}");
        try
        {
            await server.ProvisionAsTemplateAsync(app, database, deployer, cancellationToken);

            // CD2_READERS as the template writes it: the group, then the deployer.
            IReadOnlyList<ReaderRole> readers =
            [
                new(group, Guid.NewGuid().ToString(), "group"),
                new(deployer, Guid.NewGuid().ToString(), "user"),
            ];
            // As the Functions app signs in (a token from a periodic provider), to the replica and to postgres.
            await using var dataSource = SignedIn(server.ConnectionStringAs(app, database));
            await using var roleAdmin = SignedIn(server.ConnectionStringAs(app, "postgres"));
            await using var engine = new ReplicaEngine(dataSource, new ReplicaOptions { Readers = readers, RoleAdminDataSource = roleAdmin });
            // Two run starts: the second finds the group's role made and must pass all the same.
            for (var run = 0; run < 2; run++)
            {
                await engine.EnsureBookkeepingAsync(cancellationToken);
                await engine.GrantReadersAsync(cancellationToken);
            }

            await TinyTable.PublishAsync(engine, new StagingTarget(Table, "first-run", StagingKind.Snapshot), cancellationToken);
            var staging = new StagingTarget(Table, "next-run", StagingKind.Snapshot);
            await engine.PrepareStagingAsync(staging, TinyTable.Schema(), cancellationToken);

            Assert.Equal("entra group", (string?)await server.ScalarAsync("SELECT left(shobj_description(oid, 'pg_authid'), 11) FROM pg_roles WHERE rolname = @name", database, group, cancellationToken));
            foreach (var reader in new[] { group, deployer })
            {
                var signedIn = await server.SignInAsync(reader, database, cancellationToken);
                Assert.Equal(2L, await ScalarAsync(signedIn, "SELECT count(*) FROM canvas.accounts", cancellationToken));
                Assert.Equal(1L, await ScalarAsync(signedIn, "SELECT count(*) FROM instructure_dap.table_sync", cancellationToken));
                Assert.Equal("42501", await RefusalAsync(signedIn, "DELETE FROM canvas.accounts", cancellationToken));
                Assert.Equal("42501", await RefusalAsync(signedIn, """SELECT count(*) FROM canvasdata2."canvas.accounts.next-run" """, cancellationToken));
            }

            // A re-init (the next run's snapshot) keeps the readers' access.
            await TinyTable.PublishAsync(engine, staging, cancellationToken);
            Assert.Equal(2L, await ScalarAsync(await server.SignInAsync(group, database, cancellationToken), "SELECT count(*) FROM canvas.accounts", cancellationToken));
        }
        finally
        {
            await server.RemoveAsync();
        }
    }

    private static NpgsqlDataSource SignedIn(string connectionString)
    {
        var signIn = new NpgsqlConnectionStringBuilder(connectionString);
        var token = signIn.Password!;
        signIn.Password = null;
        var sources = new NpgsqlDataSourceBuilder(signIn.ConnectionString);
        sources.UsePeriodicPasswordProvider((_, _) => ValueTask.FromResult(token), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10));
        return sources.Build();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<string> RefusalAsync(string connectionString, string sql, CancellationToken cancellationToken)
        => (await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connectionString, sql, cancellationToken))).SqlState;
}
