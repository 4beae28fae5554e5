using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Emulator;

/// <summary>The client against the team's DAP emulator: the whole flow over loopback, with injected faults.</summary>
public sealed class ClientAgainstEmulatorTests
{
    private static async Task<EmulatorServer> StartEmulatorAsync(CancellationToken ct) =>
        await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 120, RowsPerObject = 50, JobDelay = TimeSpan.FromMilliseconds(100), Seed = 7 }, ct);

    private static DapClient CreateClient(EmulatorServer emulator) => DapClient.Create(new DapClientOptions
    {
        BaseUrl = emulator.BaseUrl,
        ClientId = emulator.ClientId,
        ClientSecret = emulator.ClientSecret,
        Pacing = false,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        RetryBudget = TimeSpan.FromSeconds(30),
    });

    private static async Task<DapJob> RunAsync(DapClient client, string table, QueryRequest request, CancellationToken ct)
    {
        var job = await client.StartQueryAsync("canvas", table, request, ct);
        while (!job.IsTerminal)
        {
            await Task.Delay(50, ct);
            job = await client.GetJobAsync(job.Id, ct);
        }
        return job;
    }

    private static async Task<List<DapRecord>> ReadAllAsync(DapClient client, DapJob job, CancellationToken ct)
    {
        var records = new List<DapRecord>();
        foreach (var objectId in job.ObjectIds!)
        {
            await using var stream = await client.OpenObjectAsync(objectId, ct);
            await foreach (var record in DapRecordReader.ReadTsvAsync(stream, ct))
                records.Add(record);
        }
        return records;
    }

    [Fact]
    public async Task SnapshotThenIncremental_EndToEnd()
    {
        var ct = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(ct);
        using var client = CreateClient(emulator);

        var tables = await client.ListTablesAsync("canvas", ct);
        var schema = await client.GetSchemaAsync("canvas", "accounts", ct);
        var snapshot = await RunAsync(client, "accounts", QueryRequest.Snapshot(), ct);
        var rows = await ReadAllAsync(client, snapshot, ct);
        emulator.AdvanceTime();
        var incremental = await RunAsync(client, "accounts", QueryRequest.Incremental(snapshot.At!.Value), ct);
        var changes = await ReadAllAsync(client, incremental, ct);

        Assert.Contains("accounts", tables);
        Assert.True(schema.Version >= 1);
        Assert.Equal(JobStatus.Complete, snapshot.Status);
        Assert.Equal(schema.Version, snapshot.SchemaVersion);
        Assert.Equal(120, rows.Count);
        Assert.All(rows, r => Assert.Equal(DapAction.Upsert, r.Action));
        Assert.Equal(rows.Count, rows.Select(r => r.Key["id"]).Distinct().Count());
        Assert.Equal(JobStatus.Complete, incremental.Status);
        Assert.Equal(snapshot.At, incremental.Since);
        Assert.NotEmpty(changes);
    }

    [Fact]
    public async Task InjectedFaults_AreRiddenOut()
    {
        var ct = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(ct);
        emulator.AddFault(new FaultRule(FaultKind.InternalError, "^/dap/query/canvas/table$") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.GatewayTimeout, "^/dap/job/") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.ExpiredToken, "^/dap/query/canvas/table/accounts/schema$") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.ExpiredUrl, "^/_objects/", "GET") { Count = 1 });
        using var client = CreateClient(emulator);

        Assert.Contains("accounts", await client.ListTablesAsync("canvas", ct));
        await client.GetSchemaAsync("canvas", "accounts", ct);
        var job = await RunAsync(client, "accounts", QueryRequest.Snapshot(), ct);

        Assert.Equal(120, (await ReadAllAsync(client, job, ct)).Count);
    }

    [Fact]
    public async Task TruncatedDownload_FailsTheRead()
    {
        var ct = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(ct);
        using var client = CreateClient(emulator);
        var job = await RunAsync(client, "accounts", QueryRequest.Snapshot(), ct);
        emulator.AddFault(new FaultRule(FaultKind.TruncatedBody, "^/_objects/", "GET"));

        var error = await Assert.ThrowsAsync<DapException>(() => ReadAllAsync(client, job, ct));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
    }

    [Fact]
    public async Task RequiredSnapshot_IsClassifiedAsSnapshotRequired()
    {
        var ct = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(ct);
        using var client = CreateClient(emulator);
        var snapshot = await RunAsync(client, "accounts", QueryRequest.Snapshot(), ct);
        emulator.AdvanceTime();
        emulator.RequireSnapshot("canvas", "accounts"); // the table was reloaded after our snapshot

        var error = await Assert.ThrowsAsync<DapException>(() => RunAsync(client, "accounts", QueryRequest.Incremental(snapshot.At!.Value), ct));

        Assert.Equal(DapErrorKind.SnapshotRequired, error.Kind);
        Assert.NotNull(error.Error?.Uuid);
    }
}
