using System.Collections.Concurrent;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Emulator;
using CanvasData2.Faults.Tests.Support;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CanvasData2.Faults.Tests;

/// <summary>
/// Case 5: a distinctive client secret and database password, through successful and failing runs; neither
/// appears in logs (all levels), exceptions, orchestration inputs/outputs/custom status, the orchestration history
/// (everything the local durable host writes to its store: every history event, message and instance state), or cd2's output.
/// </summary>
public sealed class SecretTests
{
    private static readonly string Secret = $"ClientSecret-{Guid.NewGuid():N}";
    private static readonly string WrongSecret = $"WrongSecret-{Guid.NewGuid():N}";
    private static readonly string Password = $"DbPassword-{Guid.NewGuid():N}";

    [Fact]
    public async Task Secrets_never_reach_logs_exceptions_or_orchestration_state()
    {
        var cancellationToken = TestTimeout.Seconds(180);
        await using var harness = await FaultHarness.StartAsync(o => o.ClientSecret = Secret);
        var db = await PasswordDatabaseAsync(cancellationToken);
        var produced = new List<string>();
        var factory = harness.Logs.CreateFactory();
        var store = new ConcurrentQueue<string>();
        var jobIds = new ConcurrentBag<string>();

        using (var inner = harness.CreateDapClient())
        {
            var dap = new HookedDapClient(inner)
            {
                AfterStartQuery = job =>
                {
                    jobIds.Add(job.Id);
                    return Task.CompletedTask;
                },
            };
            await using var engine = ReplicaEngine.Create(db, logger: factory.CreateLogger<ReplicaEngine>());
            var tapped = new TappedStore(factory, store.Enqueue);
            await using var host = await LocalRefreshHost.StartAsync(dap, engine, tapped, tapped, factory);
            produced.Add(Json(await host.RunAsync(FaultHarness.Request(), cancellationToken: cancellationToken)));
            harness.Emulator.AdvanceTime(1);
            harness.Emulator.AddFault(new FaultRule(FaultKind.FailedJob, "^/dap/query/canvas/table/accounts/data$", "POST"));
            harness.Emulator.AddFault(new FaultRule(FaultKind.ExpiredToken, "^/dap/query/canvas/table/users/data$", "POST"));
            var failing = await host.RunAsync(FaultHarness.Request(), cancellationToken: cancellationToken);
            Assert.Equal(2, failing.Failed);
            produced.Add(Json(failing));
            produced.AddRange(await InstanceStateAsync(host, failing.RunId!, cancellationToken));
            harness.Emulator.ClearFaults();
        }

        // Refused credentials and an unreachable database: the errors must not quote what was sent.
        using (var wrong = harness.CreateDapClient(WrongSecret))
        {
            produced.Add((await Assert.ThrowsAsync<DapException>(() => wrong.ListTablesAsync("canvas", cancellationToken))).ToString());
        }

        var missingDb = new NpgsqlConnectionStringBuilder(db) { Database = "no_such_db" }.ConnectionString;
        await using (var broken = ReplicaEngine.Create(missingDb, logger: factory.CreateLogger<ReplicaEngine>()))
        {
            produced.Add((await Assert.ThrowsAnyAsync<Exception>(() => broken.EnsureBookkeepingAsync(cancellationToken))).ToString());
        }

        produced.Add(harness.Logs.Text);
        Assert.NotEmpty(harness.Logs.Lines);
        var history = string.Join('\n', store);
        AssertStoreCarriedHistory(history, jobIds);
        produced.Add(history);
        AssertClean(produced);
    }

    [Fact]
    public async Task Secrets_never_reach_cd2_output_at_trace_level()
    {
        var cancellationToken = TestTimeout.Seconds(240);
        var options = new EmulatorOptions { Rows = 30, JobDelay = TimeSpan.FromMilliseconds(50), ClientSecret = Secret };
        options.Tables.Add("canvas.accounts");
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        var db = await PasswordDatabaseAsync(cancellationToken);
        var uri = ToUri(db);
        var produced = new List<string>();
        Dictionary<string, string> Env(string secret, string connection) => new()
        {
            ["DAP_API_URL"] = emulator.BaseUrl.ToString(),
            ["DAP_CLIENT_ID"] = emulator.ClientId,
            ["DAP_CLIENT_SECRET"] = secret,
            ["DAP_CONNECTION_STRING"] = connection,
        };

        string[][] runs = [["initdb", "--table", "accounts", "--no-pacing"], ["syncdb", "--table", "accounts", "--no-pacing"], ["status"], ["list"]];
        foreach (var args in runs)
        {
            var result = await Cd2.RunAsync([.. args, "--log-level", "trace"], Env(Secret, db), cancellationToken);
            Assert.True(result.ExitCode == 0, result.ToString());
            produced.Add(result.All);
        }

        var uriRun = await Cd2.RunAsync(["status", "--log-level", "trace"], Env(Secret, uri), cancellationToken);
        Assert.True(uriRun.ExitCode == 0, uriRun.ToString());
        produced.Add(uriRun.All);

        var wrongSecret = await Cd2.RunAsync(["syncdb", "--table", "accounts", "--no-pacing", "--log-level", "trace"], Env(WrongSecret, db), cancellationToken);
        Assert.NotEqual(0, wrongSecret.ExitCode);
        produced.Add(wrongSecret.All);
        var flagSecret = await Cd2.RunAsync(["list", "--client-secret", WrongSecret, "--log-level", "trace"], Env(WrongSecret, db), cancellationToken);
        Assert.NotEqual(0, flagSecret.ExitCode);
        produced.Add(flagSecret.All);
        var missingDb = uri.Replace(new NpgsqlConnectionStringBuilder(db).Database!, "no_such_db", StringComparison.Ordinal);
        var badDb = await Cd2.RunAsync(["status", "--log-level", "trace"], Env(Secret, missingDb), cancellationToken);
        Assert.NotEqual(0, badDb.ExitCode);
        produced.Add(badDb.All);

        AssertClean(produced);
    }

    private static void AssertClean(IEnumerable<string> produced)
    {
        foreach (var text in produced)
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The tap saw the orchestration history, not just a handshake: activity inputs and outputs name the run's tables and jobs.</summary>
    private static void AssertStoreCarriedHistory(string text, IEnumerable<string> jobIds)
    {
        Assert.NotEmpty(jobIds);
        Assert.True(text.Length > 20_000, $"the store tap recorded only {text.Length} characters");
        foreach (var expected in new[] { CanvasData2Tasks.RefreshOrchestratorName, "accounts", "users", "dap.jobfailed" }.Concat(jobIds))
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Input, output and custom status of a run and of its table sub-orchestrations, as the host stored them.</summary>
    private static async Task<List<string>> InstanceStateAsync(LocalRefreshHost host, string runId, CancellationToken cancellationToken)
    {
        var state = new List<string>();
        foreach (var id in new[] { runId }.Concat(new[] { "accounts", "users" }.Select(t => RefreshRunId.TableInstanceId(runId, "canvas", t))))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var instance = await host.GetInstanceAsync(id);
            Assert.NotNull(instance);
            state.Add(instance.ToString());
        }

        return state;
    }

    /// <summary>A database owned by a new login role with a password; returns a connection string that carries it.</summary>
    private static async Task<string> PasswordDatabaseAsync(CancellationToken cancellationToken)
    {
        var db = await TestPostgres.CreateDatabaseAsync("secret");
        var role = "r_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(await TestPostgres.AdminConnectionStringAsync());
        var database = new NpgsqlConnectionStringBuilder(db).Database;
        await ReplicaDump.ExecuteAsync(admin.ConnectionString, $"CREATE ROLE {role} LOGIN PASSWORD '{Password}'; ALTER DATABASE \"{database}\" OWNER TO {role}", cancellationToken);
        await ReplicaDump.ExecuteAsync(db, $"ALTER SCHEMA public OWNER TO {role}", cancellationToken);
        return new NpgsqlConnectionStringBuilder(db) { Username = role, Password = Password }.ConnectionString;
    }

    private static string ToUri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Username}:{b.Password}@{b.Host}:{b.Port}/{b.Database}";
    }

    private static string Json(RunSummary summary) => JsonSerializer.Serialize(summary);
}
