using CanvasData2.Emulator;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 7: a table dropped by another tool (the official client's dropdb, DROP SCHEMA … CASCADE) is initialized
/// again by <c>cd2 initdb</c> although DAP answers the identical snapshot query with the same, finished job.
/// </summary>
public sealed class ExternalDropTests : IAsyncLifetime
{
    private EmulatorServer _emulator = null!;

    public static TheoryData<string> Drops => new()
    {
        // What the official client's dropdb runs: the table_sync row, then the table.
        "DELETE FROM instructure_dap.table_sync WHERE source_namespace = 'canvas' AND source_table = 'users'; DROP TABLE canvas.users",
        "DROP SCHEMA canvas CASCADE",
        "DROP SCHEMA canvas CASCADE; DROP SCHEMA instructure_dap CASCADE",
    };

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Rows = 60, RowsPerObject = 20 };
        options.Tables.Add("canvas.users");
        _emulator = await EmulatorServer.StartAsync(options, TestTimeout.Seconds(30));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [MemberData(nameof(Drops))]
    public async Task A_table_dropped_by_another_tool_is_initialized_again_and_then_syncs(string drop)
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var db = await TestPostgres.CreateDatabaseAsync("dropped");
        string[] init = ["initdb", "--table", "users", "--no-pacing"];
        await RunOkAsync(init, db, cancellationToken);
        var initialized = await ReplicaDump.AllAsync(db, cancellationToken);
        await ReplicaDump.ExecuteAsync(db, "CREATE TABLE public.first_job AS SELECT job_id FROM canvasdata2.staging_job", cancellationToken);
        await ReplicaDump.ExecuteAsync(db, drop, cancellationToken);

        var again = await RunOkAsync(init, db, cancellationToken);

        Assert.Equal(initialized, await ReplicaDump.AllAsync(db, cancellationToken));
        Assert.Equal(60, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM canvas.users", cancellationToken));

        // The same DAP job both times: only the ledger could have told the second run "already done".
        Assert.Equal(1, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM canvasdata2.staging_job JOIN public.first_job USING (job_id)", cancellationToken));
        _emulator.AdvanceTime(1);
        var sync = await RunOkAsync(["syncdb", "--table", "users", "--no-pacing"], db, cancellationToken);
        Assert.DoesNotContain("initdb first", sync.All, StringComparison.OrdinalIgnoreCase);
        Assert.True(again.ExitCode == 0 && sync.ExitCode == 0);
    }

    private async Task<ProcessResult> RunOkAsync(string[] args, string connectionString, CancellationToken cancellationToken)
    {
        var result = await Cd2.RunAsync(args, Environment(connectionString), cancellationToken);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["DAP_API_URL"] = _emulator.BaseUrl.ToString(),
        ["DAP_CLIENT_ID"] = _emulator.ClientId,
        ["DAP_CLIENT_SECRET"] = _emulator.ClientSecret,
        ["DAP_CONNECTION_STRING"] = connectionString,
    };
}
