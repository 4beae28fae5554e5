using CanvasData2.Dap.Tests.Support.RecordReaders;
using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Emulator;

/// <summary>The client against the team's DAP emulator: the whole flow over loopback, with injected faults.</summary>
public sealed class ClientAgainstEmulatorTests
{
    private static async Task<EmulatorServer> StartEmulatorAsync(CancellationToken cancellationToken) =>
        await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 120, RowsPerObject = 50, JobDelay = TimeSpan.FromMilliseconds(100), Seed = 7 }, cancellationToken);

    private static DapClient CreateClient(EmulatorServer emulator) => DapClient.Create(EmulatorDap.Options(emulator, o =>
    {
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        o.RetryMaxDelay = TimeSpan.FromMilliseconds(100);
        o.RetryBudget = TimeSpan.FromSeconds(30);
    }));

    private static async Task<DapJob> RunAsync(DapClient client, string table, QueryRequest request, CancellationToken cancellationToken)
    {
        var job = await client.StartQueryAsync("canvas", table, request, cancellationToken);
        while (!job.IsTerminal)
        {
            await Task.Delay(50, cancellationToken);
            job = await client.GetJobAsync(job.Id, cancellationToken);
        }
        return job;
    }

    private static async Task<List<DapRecord>> ReadAllAsync(DapClient client, DapJob job, CancellationToken cancellationToken)
    {
        var records = new List<DapRecord>();
        foreach (var objectId in job.ObjectIds!)
        {
            await using var stream = await client.OpenObjectAsync(objectId, cancellationToken);
            await foreach (var record in DapRecordReader.ReadTsvAsync(stream, cancellationToken))
            {
                records.Add(record);
            }
        }
        return records;
    }

    [Fact]
    public async Task Snapshot_then_incremental_end_to_end()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(cancellationToken);
        using var client = CreateClient(emulator);

        var tables = await client.ListTablesAsync("canvas", cancellationToken);
        var schema = await client.GetSchemaAsync("canvas", "accounts", cancellationToken);
        var snapshot = await RunAsync(client, "accounts", QueryRequest.Snapshot(), cancellationToken);
        var rows = await ReadAllAsync(client, snapshot, cancellationToken);
        emulator.AdvanceTime();
        var incremental = await RunAsync(client, "accounts", QueryRequest.Incremental(snapshot.At!.Value), cancellationToken);
        var changes = await ReadAllAsync(client, incremental, cancellationToken);

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
    public async Task Injected_faults_are_ridden_out()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(cancellationToken);
        emulator.AddFault(new FaultRule(FaultKind.InternalError, "^/dap/query/canvas/table$") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.GatewayTimeout, "^/dap/job/") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.ExpiredToken, "^/dap/query/canvas/table/accounts/schema$") { Count = 1 });
        emulator.AddFault(new FaultRule(FaultKind.ExpiredUrl, "^/_objects/", "GET") { Count = 1 });
        using var client = CreateClient(emulator);

        Assert.Contains("accounts", await client.ListTablesAsync("canvas", cancellationToken));
        await client.GetSchemaAsync("canvas", "accounts", cancellationToken);
        var job = await RunAsync(client, "accounts", QueryRequest.Snapshot(), cancellationToken);

        Assert.Equal(120, (await ReadAllAsync(client, job, cancellationToken)).Count);
    }

    [Fact]
    public async Task Truncated_download_fails_the_read()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(cancellationToken);
        using var client = CreateClient(emulator);
        var job = await RunAsync(client, "accounts", QueryRequest.Snapshot(), cancellationToken);
        emulator.AddFault(new FaultRule(FaultKind.TruncatedBody, "^/_objects/", "GET"));

        var error = await Assert.ThrowsAsync<DapException>(() => ReadAllAsync(client, job, cancellationToken));

        Assert.Equal(DapErrorKind.Transient, error.Kind);
    }

    [Fact]
    public async Task Required_snapshot_is_classified_as_snapshot_required()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        await using var emulator = await StartEmulatorAsync(cancellationToken);
        using var client = CreateClient(emulator);
        var snapshot = await RunAsync(client, "accounts", QueryRequest.Snapshot(), cancellationToken);
        emulator.AdvanceTime();
        emulator.RequireSnapshot("canvas", "accounts"); // the table was reloaded after our snapshot

        var error = await Assert.ThrowsAsync<DapException>(() => RunAsync(client, "accounts", QueryRequest.Incremental(snapshot.At!.Value), cancellationToken));

        Assert.Equal(DapErrorKind.SnapshotRequired, error.Kind);
        Assert.NotNull(error.Error?.Uuid);
    }
}
