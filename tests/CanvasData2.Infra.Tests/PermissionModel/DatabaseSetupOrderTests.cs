using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Infra.Tests.PermissionModel;

/// <summary>
/// The replica's setup on Azure's permission model (<see cref="AzureFlexibleServer"/>), in both orders ARM could
/// take. Database first (the old template): Azure gives the database to <c>azuresu</c>, and the app, although
/// an Entra admin, can neither create its schemas nor be granted the right to. Admin first (the template now,
/// proven by DatabaseOwnershipTests): the app's identity owns the database, creates its schemas on its first
/// run and replicates; the deployer, added afterwards, is an admin too but not the owner.
/// </summary>
public sealed class DatabaseSetupOrderTests
{
    private static readonly TableName Table = new("canvas", "accounts");

    [Fact]
    public async Task Database_first_azuresu_owns_it_and_the_app_can_neither_create_schemas_nor_be_granted_them()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var server = await AzureFlexibleServer.StartAsync(cancellationToken);
        var (app, database) = Names();
        try
        {
            await server.CreateDatabaseThroughArmAsync(database, cancellationToken);
            await server.AddEntraAdminAsync(app, cancellationToken);

            Assert.Equal("azuresu", await OwnerAsync(server, database, cancellationToken));
            await using var engine = ReplicaEngine.Create(server.ConnectionStringAs(app, database));
            var error = await Assert.ThrowsAnyAsync<Exception>(() => engine.EnsureBookkeepingAsync(cancellationToken));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, Assert.IsType<PostgresException>(error.InnerException ?? error).SqlState);

            // What the old post-provision hook tried: an admin that does not own the database only gets a warning.
            await using (var connection = new NpgsqlConnection(server.ConnectionStringAs(app, database)))
            {
                await connection.OpenAsync(cancellationToken);
                await using var grant = new NpgsqlCommand($"GRANT CREATE ON DATABASE {AzureFlexibleServer.Quote(database)} TO {AzureFlexibleServer.Quote(app)}", connection);
                await grant.ExecuteNonQueryAsync(cancellationToken);
            }

            Assert.Equal(false, await server.ScalarAsync("SELECT has_database_privilege(@name, current_database(), 'CREATE')", database, app, cancellationToken));
        }
        finally
        {
            await server.RemoveAsync();
        }
    }

    [Fact]
    public async Task Admin_first_the_app_owns_the_database_creates_its_schemas_and_replicates()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var server = await AzureFlexibleServer.StartAsync(cancellationToken);
        var (app, database) = Names();
        var deployer = $"deployer-{Guid.NewGuid():N}"[..20];
        try
        {
            await server.ProvisionAsTemplateAsync(app, database, deployer, cancellationToken);

            Assert.Equal(app, await OwnerAsync(server, database, cancellationToken));
            Assert.Equal(false, await server.ScalarAsync("SELECT rolsuper FROM pg_roles WHERE rolname = @name", database, app, cancellationToken));

            // The app's first run, as its own (non-superuser) role: bookkeeping, then a tiny table's snapshot.
            await using var engine = ReplicaEngine.Create(server.ConnectionStringAs(app, database));
            await engine.EnsureBookkeepingAsync(cancellationToken);
            await TinyTable.PublishAsync(engine, new StagingTarget(Table, "first-run", StagingKind.Snapshot), cancellationToken);
            var at = TinyTable.At;

            var status = Assert.Single(await engine.GetStatusAsync("canvas", cancellationToken));
            Assert.Equal((Table, 2L), (status.Table, status.RowCount));
            Assert.Equal(new SyncFrom(at, 1), await engine.PlanAsync(Table, cancellationToken));
            Assert.Equal(true, await server.ScalarAsync(
                "SELECT bool_and(pg_get_userbyid(nspowner) = @name) FROM pg_namespace WHERE nspname IN ('instructure_dap', 'canvas')", database, app, cancellationToken));
        }
        finally
        {
            await server.RemoveAsync();
        }
    }

    private static (string App, string Database) Names()
        => ($"id-cd2-{Guid.NewGuid():N}"[..20], $"azure_{Guid.NewGuid():N}"[..20]);

    private static async Task<string?> OwnerAsync(AzureFlexibleServer server, string database, CancellationToken cancellationToken)
        => (string?)await server.ScalarAsync("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = @name", database, database, cancellationToken);
}
