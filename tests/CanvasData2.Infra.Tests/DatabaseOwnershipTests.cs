using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// Who owns the replica database, read from the compiled template. Azure makes a database created through the
/// API while no Entra admin exists owned by <c>azuresu</c>, and nobody can then grant on it; created while an
/// Entra admin exists, it is owned by that admin. So the app's identity must be an admin before the database,
/// and the only one then (the deployer joins afterwards), whatever order ARM would otherwise pick.
/// </summary>
public sealed class DatabaseOwnershipTests
{
    private const string Administrators = "Microsoft.DBforPostgreSQL/flexibleServers/administrators";

    [Fact]
    public async Task Database_is_created_after_the_app_identity_became_entra_admin()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var database = template.Single("Microsoft.DBforPostgreSQL/flexibleServers/databases");
        var graph = ArmDependencies.Of(template, database);

        var appAdmin = Assert.Single(template.OfType(Administrators), a => a.String("condition") is null);

        Assert.Equal("ServicePrincipal", appAdmin.String("properties", "principalType"));
        Assert.Equal("[parameters('appIdentityName')]", appAdmin.String("properties", "principalName"));
        Assert.True(graph.DependsOn(database, appAdmin), "the database must wait for the app identity's admin entry");
    }

    [Fact]
    public async Task Deployer_admin_joins_only_after_the_database_exists()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var database = template.Single("Microsoft.DBforPostgreSQL/flexibleServers/databases");
        var graph = ArmDependencies.Of(template, database);

        var deployer = Assert.Single(template.OfType(Administrators), a => a.String("condition") is not null);

        Assert.True(graph.DependsOn(deployer, database), "a second admin present at creation could become the owner");
        Assert.False(graph.DependsOn(database, deployer));
    }

    [Fact]
    public async Task Every_server_change_is_chained_because_the_server_accepts_one_at_a_time()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var children = template.Resources.Where(r => r.Type.StartsWith("Microsoft.DBforPostgreSQL/flexibleServers/", StringComparison.Ordinal)).ToList();
        var graph = ArmDependencies.Of(template, children[0]);

        // Any two changes are ordered one way or the other.
        Assert.All(children.SelectMany(a => children.Where(b => a != b).Select(b => (a, b))),
            pair => Assert.True(graph.DependsOn(pair.a, pair.b) || graph.DependsOn(pair.b, pair.a), $"{pair.a.Type} and {pair.b.Type} may run at once"));
    }

    [Fact]
    public async Task Every_server_change_is_chained_also_without_the_optional_deployer_admin()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var children = template.Resources
            .Where(r => r.Type.StartsWith("Microsoft.DBforPostgreSQL/flexibleServers/", StringComparison.Ordinal) && r.Find("condition") is null)
            .ToList();
        var firewall = Assert.Single(template.OfType("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules"));
        var graph = ArmDependencies.Of(template, children[0]).WithoutConditionalResources();

        // The firewall rule is itself conditional (allowAzureServices) but runs whenever it is deployed.
        Assert.All(children, change => Assert.True(graph.DependsOn(firewall, change), $"the firewall rule may run beside {change.Type}"));
        Assert.All(children.SelectMany(a => children.Where(b => a != b).Select(b => (a, b))),
            pair => Assert.True(graph.DependsOn(pair.a, pair.b) || graph.DependsOn(pair.b, pair.a), $"{pair.a.Type} and {pair.b.Type} may run at once"));
    }

    [Fact]
    public async Task App_admin_is_the_identity_the_function_app_signs_in_as()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var modules = template.Root.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("properties").GetProperty("parameters"), StringComparer.Ordinal);

        string Value(string module, string parameter) => modules[module].GetProperty(parameter).GetProperty("value").GetString()!;

        // The Entra admin entry's name is the role the app's token signs in as (POSTGRES_USER).
        Assert.Equal(Value("function", "postgresUser"), Value("postgres", "appIdentityName"));
        Assert.Contains("'identity'", Value("postgres", "appIdentityPrincipalId"), StringComparison.Ordinal);
        Assert.Contains("principalId", Value("postgres", "appIdentityPrincipalId"), StringComparison.Ordinal);
    }
}
