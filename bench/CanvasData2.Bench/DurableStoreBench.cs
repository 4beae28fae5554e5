using System.Diagnostics;
using System.Text.Json.Nodes;
using CanvasData2.Dap;
using CanvasData2.Durable.Worker;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// The orchestration's own cost on the engine Azure runs: a refresh (init) of 100 tables without rows, once on
/// Durable Task's Azure Storage provider against Azurite (wall time, and storage requests from Azurite's request
/// log) and once on the in-memory store, in this process, pacing off.
/// </summary>
internal static class DurableStoreBench
{
    private const string Namespace = "benchstore";

    public static async Task<DurableStoreMeasurement> RunAsync(BenchDatabase db, int tables, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = 0, Port = 0, JobDelay = TimeSpan.Zero };
        options.Tables.Add("canvas.accounts");
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        using var dap = DapClient.Create(EmulatorDap.Options(emulator));
        var schema = JsonNode.Parse((await dap.GetSchemaAsync("canvas", "accounts", cancellationToken)).Schema.GetRawText())!.AsObject();
        for (var i = 1; i <= tables; i++)
        {
            emulator.AddTable(Namespace, $"table_{i:D3}", (JsonObject)schema.DeepClone(), 0);
        }

        var request = new RefreshRequest(Namespaces: [Namespace], Pacing: false, Tuning: BenchTuning.Refresh);
        var inMemory = await TimeAsync(db, "bench_store_memory", dap, (engine) => LocalRefreshHost.StartAsync(dap, engine), request, cancellationToken);

        var requestLog = Path.Combine(Path.GetTempPath(), $"cd2-azurite-{Guid.NewGuid():N}.log");
        try
        {
            double onStorage;
            await using (var azurite = await AzuriteServer.StartAsync(cancellationToken, requestLog))
            {
                var store = await AzureStorageStore.OpenAsync(azurite.ConnectionString, AzuriteServer.NewTaskHub());
                var before = CountRequests(requestLog);
                onStorage = await TimeAsync(db, "bench_store_azure", dap, (engine) => LocalRefreshHost.StartAsync(dap, engine, store, store), request, cancellationToken);
                var requests = CountRequests(requestLog) - before;
                Console.WriteLine($"  {tables} empty tables: Azure Storage provider {onStorage:F1} s, {requests:N0} storage requests; in-memory store {inMemory:F1} s");
                return new DurableStoreMeasurement(tables, onStorage, inMemory, requests);
            }
        }
        finally
        {
            File.Delete(requestLog);
        }
    }

    private static async Task<double> TimeAsync(
        BenchDatabase db, string database, IDapClient dap, Func<IReplicaEngine, Task<LocalRefreshHost>> start, RefreshRequest request, CancellationToken cancellationToken)
    {
        await using var engine = ReplicaEngine.Create(await db.CreateDatabaseAsync(database, cancellationToken));
        double seconds;
        await using (var host = await start(engine))
        {
            var clock = Stopwatch.StartNew();
            var summary = await host.RunAsync(request, cancellationToken: cancellationToken);
            seconds = clock.Elapsed.TotalSeconds;
            if (!summary.Succeeded)
            {
                throw new InvalidOperationException($"The refresh on {database} failed: {summary.Tables.FirstOrDefault(t => t.Error is not null)?.Error?.Message ?? summary.Error?.Message}");
            }
        }

        await db.DropDatabaseAsync(database, cancellationToken);
        return seconds;
    }

    /// <summary>Requests Azurite served: one "…StorageContextMiddleware: RequestMethod=" line each, queue polling included.</summary>
    private static long CountRequests(string log)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        long count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("StorageContextMiddleware: RequestMethod=", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}

internal sealed record DurableStoreMeasurement(int Tables, double AzureStorageSeconds, double InMemorySeconds, long StorageRequests);
