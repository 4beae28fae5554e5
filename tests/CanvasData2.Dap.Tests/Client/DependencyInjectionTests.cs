using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CanvasData2.Dap.Tests.Client;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Add_dap_client_registers_a_working_singleton()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, """{"tables":["accounts"]}"""));
        var template = TestClients.Options(server.BaseUrl);
        var services = new ServiceCollection().AddLogging();
        services.AddDapClient(o =>
        {
            o.BaseUrl = template.BaseUrl;
            o.ClientId = template.ClientId;
            o.ClientSecret = template.ClientSecret;
            o.Pacing = false;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IDapClient>();

        Assert.Same(client, provider.GetRequiredService<IDapClient>());
        Assert.Equal(["accounts"], await client.ListTablesAsync("canvas", cancellationToken));
    }

    [Fact]
    public void Add_dap_client_invalid_options_fail_on_resolve_naming_the_setting()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDapClient(o => o.ClientId = "id");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IDapClient>());

        Assert.Contains("ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_many_instances_work_independently()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, """{"tables":["accounts"]}"""));

        for (var i = 0; i < 20; i++)
        {
            using var client = TestClients.Create(server);
            Assert.Single(await client.ListTablesAsync("canvas", cancellationToken));
        }

        Assert.Equal(20, server.Count("POST", "/ids/auth/login"));
    }
}
