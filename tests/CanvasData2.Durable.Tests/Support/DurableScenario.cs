using System.Text.Json;
using System.Text.Json.Nodes;
using CanvasData2.Dap;
using CanvasData2.Durable.Worker;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;

namespace CanvasData2.Durable.Tests.Support;

/// <summary>
/// The emulator with a namespace of small tables (the accounts schema), and refreshes of it on the Azure Storage
/// provider (in this process, or in <see cref="WorkerProcess"/>es) and, for reference, on the in-memory store.
/// </summary>
public sealed class DurableScenario : IAsyncDisposable
{
    public const string Namespace = "durable";

    public static readonly RefreshTuning FastTuning = new(
        JobsPerMinute: 100_000, PollFirstSeconds: 0.2, PollMaxSeconds: 1, RetryMaxAttempts: 6, RetryFirstSeconds: 0.2, RetryMaxSeconds: 1,
        RateLimitWaitSeconds: 0.2, RateLimitMaxWaits: 20, BusyWaitSeconds: 0.5, BusyMaxWaits: 10);

    private DurableScenario(EmulatorServer emulator, int tables)
    {
        Emulator = emulator;
        Tables = tables;
    }

    public EmulatorServer Emulator { get; }

    public int Tables { get; }

    public static RefreshRequest Request(int maxParallelTables = 8) => new([Namespace], MaxParallelTables: maxParallelTables, Pacing: false, Tuning: FastTuning);

    public static async Task<DurableScenario> StartAsync(int tables, int rows, TimeSpan jobDelay, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = rows, RowsPerObject = Math.Max(1, rows / 3), JobDelay = jobDelay };
        options.Tables.Add("canvas.accounts");
        var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        using (var dap = CreateDap(emulator))
        {
            var schema = JsonNode.Parse((await dap.GetSchemaAsync("canvas", "accounts", cancellationToken)).Schema.GetRawText())!.AsObject();
            for (var i = 1; i <= tables; i++)
            {
                emulator.AddTable(Namespace, TableName(i), (JsonObject)schema.DeepClone(), rows);
            }
        }

        return new DurableScenario(emulator, tables);
    }

    public static string TableName(int i) => $"table_{i:D3}";

    public DapClient CreateDap() => CreateDap(Emulator);

    /// <summary>One refresh on the Azure Storage provider in this process.</summary>
    public async Task<RunSummary> RefreshOnAzureStorageAsync(string storage, string hub, string database, CancellationToken cancellationToken)
    {
        using var dap = CreateDap();
        await using var engine = ReplicaEngine.Create(database);
        var store = await AzureStorageStore.OpenAsync(storage, hub);
        await using var host = await LocalRefreshHost.StartAsync(dap, engine, store, store);
        return await host.RunAsync(Request(), cancellationToken: cancellationToken);
    }

    /// <summary>The same refresh on the in-memory store: the reference replica.</summary>
    public async Task<RunSummary> RefreshInMemoryAsync(string database, CancellationToken cancellationToken)
    {
        using var dap = CreateDap();
        await using var engine = ReplicaEngine.Create(database);
        await using var host = await LocalRefreshHost.StartAsync(dap, engine);
        return await host.RunAsync(Request(), cancellationToken: cancellationToken);
    }

    /// <summary>A worker process that starts a refresh.</summary>
    public WorkerProcess StartWorker(string storage, string hub, string database)
        => WorkerProcess.Start([.. WorkerArguments(storage, hub, database), "start", JsonSerializer.Serialize(Request(), JsonSerializerOptions.Web)]);

    /// <summary>A worker process that works on the run already in the task hub until it ends.</summary>
    public WorkerProcess FinishWorker(string storage, string hub, string database, string runId)
        => WorkerProcess.Start([.. WorkerArguments(storage, hub, database), "finish", runId]);

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    private string[] WorkerArguments(string storage, string hub, string database)
        => [storage, hub, Emulator.BaseUrl.ToString(), Emulator.ClientId, Emulator.ClientSecret, database];

    private static DapClient CreateDap(EmulatorServer emulator) => DapClient.Create(EmulatorDap.Options(emulator, o =>
    {
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        o.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
        o.DefaultRetryAfter = TimeSpan.FromMilliseconds(200);
    }));
}
