using CanvasData2.Emulator;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Orchestration;
using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 2: DAP misbehaving (emulator faults) during a refresh through the real orchestration. Each run ends
/// retried-and-correct (equal to a fault-free run) or as a clear per-table failure with the table untouched.
/// </summary>
public sealed class ApiFaultTests : IAsyncLifetime
{
    private const string DataPost = "^/dap/query/canvas/table/[^/]+/data$";
    private const string JobGet = "^/dap/job/";
    private const string Download = "^/_objects/";
    private FaultHarness _harness = null!;

    public static TheoryData<string, FaultRule[]> TransientFaults => new()
    {
        { "429 storm on every DAP call", [new FaultRule(FaultKind.TooManyRequests, "^/dap/") { Count = 12 }] },
        { "429 on job creation", [new FaultRule(FaultKind.TooManyRequests, DataPost, "POST") { Count = 6 }] },
        { "500 and 504", [new FaultRule(FaultKind.InternalError, DataPost, "POST") { Count = 3 }, new FaultRule(FaultKind.GatewayTimeout, JobGet) { Count = 3 }] },
        { "504 on object URLs", [new FaultRule(FaultKind.GatewayTimeout, "^/dap/object/url$", "POST") { Count = 3 }] },
        { "token expired mid-run", [new FaultRule(FaultKind.ExpiredToken, JobGet) { Count = 2 }] },
        { "object URL expired", [new FaultRule(FaultKind.ExpiredUrl, Download) { Count = 2 }] },
        { "truncated gzip", [new FaultRule(FaultKind.TruncatedBody, Download) { Count = 2 }] },
        { "object not gzipped", [new FaultRule(FaultKind.NotGzip, Download) { Count = 2 }] },
        { "500 on downloads", [new FaultRule(FaultKind.InternalError, Download) { Count = 3 }] },
    };

    public async Task InitializeAsync() => _harness = await FaultHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task A_transient_fault_is_retried_and_the_replica_equals_a_fault_free_one(string fault, FaultRule[] rules)
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("apiref");
        var faulted = await TestPostgres.CreateDatabaseAsync("api");
        var request = FaultHarness.Request();
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        await _harness.RefreshAsync(faulted, request, cancellationToken);
        _harness.Emulator.AdvanceTime(1);
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);

        foreach (var rule in rules)
        {
            _harness.Emulator.AddFault(rule);
        }

        var summary = await _harness.RefreshAsync(faulted, request, cancellationToken);
        _harness.Emulator.ClearFaults();

        Assert.True(summary.Succeeded, $"{fault}: {Describe(summary)}");
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task A_failed_job_fails_only_its_table_with_the_dap_error_id_and_leaves_it_untouched()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var db = await TestPostgres.CreateDatabaseAsync("api");
        var request = FaultHarness.Request();
        Assert.True((await _harness.RefreshAsync(db, request, cancellationToken)).Succeeded);
        var accountsBefore = await ReplicaDump.TableAsync(db, "canvas.accounts", cancellationToken);
        var syncBefore = await ReplicaDump.TableSyncAsync(db, cancellationToken);
        _harness.Emulator.AdvanceTime(1);
        _harness.Emulator.AddFault(new FaultRule(FaultKind.FailedJob, "^/dap/query/canvas/table/accounts/data$", "POST"));

        var summary = await _harness.RefreshAsync(db, request, cancellationToken);
        _harness.Emulator.ClearFaults();

        var accounts = Assert.Single(summary.Tables, t => t.Table == "accounts");
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        Assert.Equal(TableErrorKind.DapJobFailed, accounts.Error!.Kind);
        Assert.Equal("ProcessingError", accounts.Error.DapErrorType);
        Assert.True(Guid.TryParse(accounts.Error.DapUuid, out _), Describe(summary));
        Assert.Equal(TableOutcome.Complete, Assert.Single(summary.Tables, t => t.Table == "users").Outcome);
        Assert.Equal(accountsBefore, await ReplicaDump.TableAsync(db, "canvas.accounts", cancellationToken));
        var syncAfter = await ReplicaDump.TableSyncAsync(db, cancellationToken);
        Assert.Equal(Line(syncBefore, "accounts"), Line(syncAfter, "accounts"));
        Assert.NotEqual(Line(syncBefore, "users"), Line(syncAfter, "users"));
    }

    [Fact]
    public async Task A_schema_change_between_job_start_and_load_is_requeried_and_ends_correct()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("apiref");
        var faulted = await TestPostgres.CreateDatabaseAsync("api");
        var request = FaultHarness.Request("accounts");
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        Assert.True((await _harness.RefreshAsync(faulted, request, cancellationToken)).Succeeded);
        _harness.Emulator.AdvanceTime(1);

        using var inner = _harness.CreateDapClient();
        var bumped = 0;
        var dap = new HookedDapClient(inner)
        {
            AfterStartQuery = _ =>
            {
                if (Interlocked.Exchange(ref bumped, 1) == 0)
                {
                    _harness.Emulator.BumpSchema("canvas", "accounts");
                }

                return Task.CompletedTask;
            },
        };
        var summary = await _harness.RefreshAsync(faulted, request, cancellationToken, dap);
        Assert.True(summary.Succeeded, Describe(summary));
        Assert.True(summary.Tables[0].SchemaChanged, Describe(summary));
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);

        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task An_object_refused_twice_is_requeried_and_the_replica_equals_a_fault_free_one()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var reference = await TestPostgres.CreateDatabaseAsync("apiref");
        var faulted = await TestPostgres.CreateDatabaseAsync("api");
        var request = OneObjectAtATime("accounts");
        Assert.True((await _harness.RefreshAsync(reference, request, cancellationToken)).Succeeded);
        _harness.Emulator.AddFault(new FaultRule(FaultKind.ExpiredUrl, Download) { Count = 2 });
        using var inner = _harness.CreateDapClient();
        var queries = 0;
        var dap = new HookedDapClient(inner) { AfterStartQuery = _ => Task.FromResult(Interlocked.Increment(ref queries)) };

        // The first object's URL is refused, then its fresh URL too: the client gives up on it (NotFound), the table queries again.
        var summary = await _harness.RefreshAsync(faulted, request, cancellationToken, dap);
        _harness.Emulator.ClearFaults();

        Assert.True(summary.Succeeded, Describe(summary));
        Assert.Equal(2, queries);
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken), await ReplicaDump.AllAsync(faulted, cancellationToken));
    }

    [Fact]
    public async Task An_object_that_stays_gone_fails_its_table_after_the_last_requery_and_leaves_it_untouched()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var db = await TestPostgres.CreateDatabaseAsync("api");
        var request = OneObjectAtATime("accounts");
        Assert.True((await _harness.RefreshAsync(db, request, cancellationToken)).Succeeded);
        var before = await ReplicaDump.AllAsync(db, cancellationToken);
        _harness.Emulator.AdvanceTime(1);
        _harness.Emulator.AddFault(new FaultRule(FaultKind.ExpiredUrl, Download));
        using var inner = _harness.CreateDapClient();
        var queries = 0;
        var dap = new HookedDapClient(inner) { AfterStartQuery = _ => Task.FromResult(Interlocked.Increment(ref queries)) };

        var summary = await _harness.RefreshAsync(db, request, cancellationToken, dap);
        _harness.Emulator.ClearFaults();

        var accounts = Assert.Single(summary.Tables);
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        Assert.Equal(TableErrorKind.DapNotFound, accounts.Error!.Kind);
        Assert.Contains("expired", accounts.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + request.EffectiveTuning.MaxRequeries, queries);
        Assert.Equal(before, await ReplicaDump.AllAsync(db, cancellationToken));
    }

    [Fact]
    public async Task An_object_that_stays_not_gzipped_fails_its_table_and_leaves_it_untouched()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        var db = await TestPostgres.CreateDatabaseAsync("api");
        var request = OneObjectAtATime("accounts");
        Assert.True((await _harness.RefreshAsync(db, request, cancellationToken)).Succeeded);
        var before = await ReplicaDump.AllAsync(db, cancellationToken);
        _harness.Emulator.AdvanceTime(1);
        _harness.Emulator.AddFault(new FaultRule(FaultKind.NotGzip, Download));

        var summary = await _harness.RefreshAsync(db, request, cancellationToken);
        _harness.Emulator.ClearFaults();

        var accounts = Assert.Single(summary.Tables);
        Assert.Equal(TableOutcome.Failed, accounts.Outcome);
        Assert.Contains("is not a complete gzip file: the body starts with 0x", accounts.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ReplicaDump.AllAsync(db, cancellationToken));
    }

    private static RefreshRequest OneObjectAtATime(string table)
    {
        var request = FaultHarness.Request(table);
        return request with { Tuning = request.EffectiveTuning with { MaxParallelObjects = 1 } };
    }

    internal static string Describe(RunSummary summary)
        => string.Join("; ", summary.Tables.Select(t => $"{t.Namespace}.{t.Table} {t.Outcome} {t.Error}")) + (summary.Error is { } e ? $" run error {e}" : "");

    private static string Line(string tableSync, string table)
        => tableSync.Split('\n').Single(l => l.StartsWith($"canvas\t{table}\t", StringComparison.Ordinal));
}
