using CanvasData2.Dap.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Client;

public sealed class PacingTests
{
    private const string DataPath = "/dap/query/canvas/table/accounts/data";

    private static void MapCreation(ScriptedDapServer server) =>
        server.Map("POST", DataPath, (_, ctx) => ctx.Json(202, """{"id":"j","status":"running"}"""));

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    [Fact]
    public async Task Creation_beyond_the_limit_waits_for_the_window_across_clients()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapCreation(server);
        var options = TestClients.Options(server.BaseUrl, o =>
        {
            o.Pacing = true;
            o.JobCreationsPerWindow = 2;
            o.PacingWindow = TimeSpan.FromHours(1);
        });
        using var first = DapClient.Create(options);
        using var second = DapClient.Create(options); // same account: the same process-wide budget

        await first.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);
        await second.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var third = first.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancel.Token);
        await Task.Delay(300, cancellationToken); // give a wrongly unpaced call every chance to reach the server

        Assert.False(third.IsCompleted);
        Assert.Equal(2, server.Count("POST", DataPath));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.Equal(2, server.Count("POST", DataPath));
    }

    [Fact]
    public async Task Queued_creations_run_in_arrival_order_once_the_window_slides()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.Map("POST", "/dap/query/canvas/table/t1/data", (_, ctx) => { order.Enqueue("t1"); return ctx.Json(202, """{"id":"1","status":"running"}"""); });
        server.Map("POST", "/dap/query/canvas/table/t2/data", (_, ctx) => { order.Enqueue("t2"); return ctx.Json(202, """{"id":"2","status":"running"}"""); });
        server.Map("POST", "/dap/query/canvas/table/t3/data", (_, ctx) => { order.Enqueue("t3"); return ctx.Json(202, """{"id":"3","status":"running"}"""); });
        using var client = TestClients.Create(server, o =>
        {
            o.Pacing = true;
            o.JobCreationsPerWindow = 1;
            o.PacingWindow = TimeSpan.FromMilliseconds(250);
        });

        await client.StartQueryAsync("canvas", "t1", QueryRequest.Snapshot(), cancellationToken);
        var second = client.StartQueryAsync("canvas", "t2", QueryRequest.Snapshot(), cancellationToken);
        await WaitForAsync(() => second.IsCompleted || order.Count > 1, cancellationToken); // t2 is queued first
        var third = client.StartQueryAsync("canvas", "t3", QueryRequest.Snapshot(), cancellationToken);
        await Task.WhenAll(second, third);

        Assert.Equal(["t1", "t2", "t3"], order);
    }

    [Fact]
    public async Task Table_listing_is_paced_separately_from_job_creation()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapCreation(server);
        server.Map("GET", "/dap/query/canvas/table", (_, ctx) => ctx.Json(200, """{"tables":[]}"""));
        using var client = TestClients.Create(server, o =>
        {
            o.Pacing = true;
            o.JobCreationsPerWindow = 1;
            o.TableListingsPerWindow = 1;
            o.PacingWindow = TimeSpan.FromHours(1);
        });

        await client.ListTablesAsync("canvas", cancellationToken);
        await client.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTablesAsync("canvas", cancel.Token));
        Assert.Equal(1, server.Count("GET", "/dap/query/canvas/table"));
    }

    [Fact]
    public async Task Pacing_off_sends_at_once()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        await using var server = await ScriptedDapServer.StartAsync(cancellationToken);
        MapCreation(server);
        using var client = TestClients.Create(server, o =>
        {
            o.Pacing = false;
            o.JobCreationsPerWindow = 1;
            o.PacingWindow = TimeSpan.FromHours(1);
        });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.StartQueryAsync("canvas", "accounts", QueryRequest.Snapshot(), cancellationToken)));

        Assert.Equal(6, server.Count("POST", DataPath));
    }
}
