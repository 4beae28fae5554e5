using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Durable.Worker;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using Microsoft.Extensions.Logging;

// Usage: worker <storage connection string> <task hub> <DAP url> <client id> <client secret> <database> start|finish <run id or request JSON>
// Prints "WORKER_READY", then "RUN <id>" for a started run, and "SUMMARY <json>" when the run ends.
if (args.Length < 8)
{
    Console.Error.WriteLine("usage: worker <storage> <hub> <dap url> <client id> <client secret> <database> start <request json> | finish <run id>");
    return 2;
}

var (storage, hub, dapUrl, clientId, clientSecret, database, mode, argument) = (args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]);
using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
    .AddFilter("DurableTask", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning));
using var dap = DapClient.Create(new DapClientOptions { BaseUrl = new Uri(dapUrl), ClientId = clientId, ClientSecret = clientSecret, Pacing = false }, logging);
await using var engine = ReplicaEngine.Create(database, logger: logging.CreateLogger<ReplicaEngine>());
var store = await AzureStorageStore.OpenAsync(storage, hub);
await using var host = await LocalRefreshHost.StartAsync(dap, engine, store, store, logging);
Console.WriteLine("WORKER_READY");

RunSummary summary;
if (mode == "start")
{
    var request = JsonSerializer.Deserialize<RefreshRequest>(argument, JsonSerializerOptions.Web)!;
    var runId = await host.StartRunAsync(request);
    Console.WriteLine("RUN " + runId);
    summary = await host.FinishAsync(runId);
}
else
{
    summary = await host.FinishAsync(argument);
}

Console.WriteLine("SUMMARY " + JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
return 0;
