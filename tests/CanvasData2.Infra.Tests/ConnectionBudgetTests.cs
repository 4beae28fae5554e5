using System.Text.Json;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// Parallel tables × activities × instances must fit the server's connections: B1ms allows 35 user connections
/// (50 less the 15 Azure keeps), and Flex Consumption would scale to 40 instances. The template sizes the
/// instance count from the SKU and each instance's pool (CD2_DB_POOL_SIZE); these tests redo its arithmetic.
/// </summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public async Task Every_instance_pool_together_fits_the_server_connections_for_every_listed_size()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var variables = template.Root.GetProperty("variables");
        var perInstance = variables.GetProperty("connectionsPerInstance").GetInt32();
        var forPeople = variables.GetProperty("connectionsForPeople").GetInt32();
        var requested = template.Root.GetProperty("parameters").GetProperty("maximumInstanceCount").GetProperty("defaultValue").GetInt32();

        // The formula the template evaluates; the arithmetic below mirrors it.
        Assert.Equal(
            "[max(1, min(parameters('maximumInstanceCount'), div(sub(variables('userConnections'), variables('connectionsForPeople')), variables('connectionsPerInstance'))))]",
            variables.GetProperty("functionInstanceLimit").GetString());
        Assert.Equal("[coalesce(tryGet(variables('postgresUserConnections'), parameters('postgresSkuName')), 35)]", variables.GetProperty("userConnections").GetString());

        var sizes = variables.GetProperty("postgresUserConnections").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        Assert.Contains("Standard_B1ms", sizes.Keys);
        Assert.Contains(template.Root.GetProperty("parameters").GetProperty("postgresSkuName").GetProperty("defaultValue").GetString()!, sizes.Keys);
        Assert.All(sizes, size =>
        {
            var instances = Math.Max(1, Math.Min(requested, (size.Value - forPeople) / perInstance));
            Assert.True(instances * perInstance + forPeople <= size.Value, $"{size.Key}: {instances} × {perInstance} + {forPeople} > {size.Value}");
        });
        Assert.Equal(3, Math.Max(1, Math.Min(requested, (sizes["Standard_B1ms"] - forPeople) / perInstance)));
    }

    [Fact]
    public async Task Function_app_gets_the_bounded_instance_count_and_its_pool_size()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var function = template.Root.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "function").GetProperty("properties").GetProperty("parameters");
        var settings = template.Single("Microsoft.Web/sites/config").Properties;
        var app = template.Single("Microsoft.Web/sites");

        Assert.Equal("[variables('functionInstanceLimit')]", function.GetProperty("maximumInstanceCount").GetProperty("value").GetString());
        Assert.Equal("[variables('connectionsPerInstance')]", function.GetProperty("connectionsPerInstance").GetProperty("value").GetString());
        Assert.Equal("[string(parameters('connectionsPerInstance'))]", settings.GetProperty("CD2_DB_POOL_SIZE").GetString());
        Assert.Equal("[parameters('maximumInstanceCount')]", app.String("properties", "functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount"));
    }

    [Fact]
    public async Task Pool_size_holds_every_activity_host_json_runs_at_once()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("host.json"), TestTimeout.Seconds(10)));
        var activities = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("maxConcurrentActivityFunctions").GetInt32();

        // One connection per activity (each opens one at a time); a smaller pool would make activities wait and time out.
        Assert.True(template.Root.GetProperty("variables").GetProperty("connectionsPerInstance").GetInt32() >= activities);
    }
}
