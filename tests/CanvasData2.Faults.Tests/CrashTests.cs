using CanvasData2.Emulator;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Model;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 1: a real SIGKILL of <c>cd2</c> at each crash point of an init and of a sync (held by the database:
/// <see cref="ServerPause"/>; the shipped cd2 has no hook), then a re-run to completion:
/// the replica (tables via COPY TO STDOUT, table_sync rows minus id) equals that of an uninterrupted run.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public static TheoryData<string> CrashPoints => [.. ServerPause.Points];

    private static readonly CanvasData2.Model.TableName[] Tables = [new("canvas", "accounts"), new("canvas", "users")];

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Rows = 60, RowsPerObject = 20, JobDelay = TimeSpan.FromMilliseconds(100) };
        options.Tables.Add("canvas.accounts");
        options.Tables.Add("canvas.users");
        _emulator = await EmulatorServer.StartAsync(options, TestTimeout.Seconds(30));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task An_init_killed_at_a_crash_point_then_rerun_equals_an_uninterrupted_init(string point)
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var reference = await TestPostgres.CreateDatabaseAsync("crashref");
        var crashed = await TestPostgres.CreateDatabaseAsync("crash");
        string[] init = ["initdb", "--table", "accounts,users", "--no-pacing"];

        await RunOkAsync(init, reference, cancellationToken);
        await Cd2Process.KillAtAsync(point, init, Environment(crashed), Tables, cancellationToken);
        var rerun = await Cd2.RunAsync(init, Environment(crashed), cancellationToken);

        // A kill before the commit leaves no meta row (initdb runs again); a kill after it would refuse — neither is partial.
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(crashed, cancellationToken));
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_sync_killed_at_a_crash_point_then_rerun_equals_an_uninterrupted_sync(string point)
    {
        var cancellationToken = TestTimeout.Seconds(240);
        var reference = await TestPostgres.CreateDatabaseAsync("crashref");
        var crashed = await TestPostgres.CreateDatabaseAsync("crash");
        string[] init = ["initdb", "--table", "accounts,users", "--no-pacing"];
        string[] sync = ["syncdb", "--table", "accounts,users", "--no-pacing"];
        await RunOkAsync(init, reference, cancellationToken);
        await RunOkAsync(init, crashed, cancellationToken);
        var beforeSync = await ReplicaDump.AllAsync(crashed, cancellationToken);
        _emulator.AdvanceTime(1);

        await RunOkAsync(sync, reference, cancellationToken);
        await Cd2Process.KillAtAsync(point, sync, Environment(crashed), Tables, cancellationToken);
        Assert.Equal(beforeSync, await ReplicaDump.AllAsync(crashed, cancellationToken));
        await RunOkAsync(sync, crashed, cancellationToken);

        var expected = await ReplicaDump.AllAsync(reference, cancellationToken);
        Assert.NotEqual(beforeSync, expected);
        Assert.Equal(expected, await ReplicaDump.AllAsync(crashed, cancellationToken));
    }

    private async Task RunOkAsync(string[] args, string connectionString, CancellationToken cancellationToken)
    {
        var result = await Cd2.RunAsync(args, Environment(connectionString), cancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["DAP_API_URL"] = _emulator.BaseUrl.ToString(),
        ["DAP_CLIENT_ID"] = _emulator.ClientId,
        ["DAP_CLIENT_SECRET"] = _emulator.ClientSecret,
        ["DAP_CONNECTION_STRING"] = connectionString,
    };
}
