using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// An in-process emulator plus helpers that run the real refresh orchestration (<see cref="LocalRefreshHost"/>)
/// into TestPostgres databases, with short waits and every log message captured.
/// </summary>
internal sealed class FaultHarness : IAsyncDisposable
{
    /// <summary>Waits fit for a local emulator: retries in well under a second, polls quickly.</summary>
    public static readonly RefreshTuning FastTuning = new(
        JobsPerMinute: 100_000, PollFirstSeconds: 0.1, PollMaxSeconds: 0.5, RetryMaxAttempts: 6, RetryFirstSeconds: 0.2, RetryMaxSeconds: 1,
        RateLimitWaitSeconds: 0.2, RateLimitMaxWaits: 20, BusyWaitSeconds: 0.5, BusyMaxWaits: 10);

    private FaultHarness(EmulatorServer emulator) => Emulator = emulator;

    public EmulatorServer Emulator { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<FaultHarness> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Rows = 40, RowsPerObject = 15, JobDelay = TimeSpan.FromMilliseconds(50) };
        options.Tables.Add("canvas.accounts");
        options.Tables.Add("canvas.users");
        configure?.Invoke(options);
        return new FaultHarness(await EmulatorServer.StartAsync(options, TestTimeout.Seconds(30)));
    }

    public DapClient CreateDapClient(string? secret = null) => DapClient.Create(
        EmulatorDap.Options(Emulator, o =>
        {
            o.ClientSecret = secret ?? Emulator.ClientSecret;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
            o.DefaultRetryAfter = TimeSpan.FromMilliseconds(200);
            o.RetryBudget = TimeSpan.FromSeconds(30);
        }),
        Logs.CreateFactory());

    public static RefreshRequest Request(params string[] tables)
        => new(["canvas"], tables.Length == 0 ? null : tables, MaxParallelTables: 8, Pacing: false, Tuning: FastTuning);

    /// <summary>One refresh of <paramref name="request"/> into <paramref name="connectionString"/>, through <paramref name="dap"/> (default: a fresh client).</summary>
    public async Task<RunSummary> RefreshAsync(string connectionString, RefreshRequest request, CancellationToken cancellationToken, IDapClient? dap = null)
    {
        using var owned = dap is null ? CreateDapClient() : null;
        var factory = Logs.CreateFactory();
        await using var engine = ReplicaEngine.Create(connectionString, logger: factory.CreateLogger<ReplicaEngine>());
        await using var host = await LocalRefreshHost.StartAsync(dap ?? owned!, engine, factory);
        return await host.RunAsync(request, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Logs.Dispose();
    }
}
