using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Local;
using CanvasData2.Orchestration.Tests.Support;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CanvasData2.Orchestration.Tests.EndToEnd;

/// <summary>The real thing for one test: emulator over loopback, a fresh PostgreSQL database, the in-process durable host.</summary>
internal sealed class RefreshFixture : IAsyncDisposable
{
    public static readonly string[] Tables = ["accounts", "courses", "users"];
    private readonly DapClient _dap;

    private RefreshFixture(EmulatorServer emulator, DapClient dap, ReplicaEngine engine, string connectionString, LocalRefreshHost host, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        _dap = dap;
        Engine = engine;
        ConnectionString = connectionString;
        Host = host;
        Logs = logs;
    }

    public EmulatorServer Emulator { get; }

    public ReplicaEngine Engine { get; }

    public string ConnectionString { get; }

    public LocalRefreshHost Host { get; }

    /// <summary>Every log line of the host (activities, orchestrators).</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>
    /// <paramref name="wrap"/> may put a decorator between the host and the real engine; <paramref name="configure"/>
    /// may change the emulator's options.
    /// </summary>
    public static async Task<RefreshFixture> StartAsync(
        CancellationToken cancellationToken, Func<IReplicaEngine, IReplicaEngine>? wrap = null, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Rows = 120, RowsPerObject = 50, JobDelay = TimeSpan.FromMilliseconds(300), Seed = 11 };
        configure?.Invoke(options);
        var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        var dap = DapClient.Create(EmulatorDap.Options(emulator, o =>
        {
            o.MaxRetryAttempts = 1;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        }));
        var connectionString = await TestPostgres.CreateDatabaseAsync("orch");
        var engine = ReplicaEngine.Create(connectionString);
        var logs = new CapturingLoggerProvider();
        var host = await LocalRefreshHost.StartAsync(dap, wrap is null ? engine : wrap(engine), logs.Factory);
        return new RefreshFixture(emulator, dap, engine, connectionString, host, logs);
    }

    /// <summary>A refresh of the test tables with short waits and no pacing (the emulator has no job budget).</summary>
    public static RefreshRequest Request() => new(
        IncludeTables: Tables,
        Pacing: false,
        Tuning: new RefreshTuning(PollFirstSeconds: 0.2, PollMaxSeconds: 0.5, RetryFirstSeconds: 0.2, RetryMaxSeconds: 1, RateLimitWaitSeconds: 1, BusyWaitSeconds: 0.5));

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM canvas.\"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Logs.Dispose();
        await Engine.DisposeAsync();
        _dap.Dispose();
        await Emulator.DisposeAsync();
    }
}
