using System.Text.Json;
using CanvasData2.Cli.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests;

/// <summary>initdb, syncdb, dropdb, refresh and status: the emulator over loopback and a real PostgreSQL.</summary>
public sealed class DatabaseCommandTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Initdb_syncdb_status_dropdb_follow_the_official_rules()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");

        var init = await emulator.RunAsync(["initdb", "--table", "accounts,users", "--no-pacing"], db);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("initialized", init.Stderr, StringComparison.Ordinal);

        var again = await emulator.RunAsync(["initdb", "--table", "accounts", "--no-pacing"], db);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already initialized", again.Stderr, StringComparison.Ordinal);

        var notInitialized = await emulator.RunAsync(["syncdb", "--table", "courses", "--no-pacing"], db);
        Assert.Equal(1, notInitialized.ExitCode);
        Assert.Contains("run initdb first", notInitialized.Stderr, StringComparison.Ordinal);

        emulator.Server.AdvanceTime();
        var sync = await emulator.RunAsync(["syncdb", "--table", "accounts", "--no-pacing"], db);
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Contains("complete", sync.Stderr, StringComparison.Ordinal);

        var status = await emulator.RunAsync(["status", "--json"], db);
        Assert.True(status.ExitCode == 0, status.ToString());
        var tables = Status(status);
        Assert.Equal(["accounts", "users"], tables.Keys.Order(StringComparer.Ordinal));
        Assert.True(tables["accounts"].GetProperty("rowCount").GetInt64() > 0);
        Assert.True(tables["accounts"].GetProperty("lastSync").GetDateTimeOffset() > tables["users"].GetProperty("lastSync").GetDateTimeOffset());

        var drop = await emulator.RunAsync(["dropdb", "--table", "users"], db);
        Assert.True(drop.ExitCode == 0, drop.ToString());
        var dropAgain = await emulator.RunAsync(["dropdb", "--table", "users"], db);
        Assert.Equal(1, dropAgain.ExitCode);
        Assert.Equal(["accounts"], Status(await emulator.RunAsync(["status", "--json"], db)).Keys);

        var text = await emulator.RunAsync(["status"], db);
        Assert.Contains("canvas.accounts", text.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reinit_replaces_a_table_with_a_fresh_snapshot_keeping_views_and_grants_while_readers_keep_reading()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var init = await emulator.RunAsync(["initdb", "--table", "users", "--no-pacing"], db);
        Assert.True(init.ExitCode == 0, init.ToString());
        var cancellationToken = TestTimeout.Seconds(120);
        var reader = $"reader_{Guid.NewGuid():N}"[..18];
        await ReplicaDump.ExecuteAsync(await TestPostgres.AdminConnectionStringAsync(), $"CREATE ROLE {reader}", cancellationToken);
        var expected = await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM canvas.users", cancellationToken);

        // Rows DAP once dropped (Instructure's NULL-in-a-required-column defect): only a re-snapshot brings them back.
        await ReplicaDump.ExecuteAsync(
            db,
            $"""
            DELETE FROM canvas.users WHERE id % 3 = 0;
            CREATE VIEW public.user_names AS SELECT id, name FROM canvas.users;
            GRANT SELECT ON canvas.users TO {reader};
            """,
            cancellationToken);

        var notInitialized = await emulator.RunAsync(["reinit", "--table", "courses", "--no-pacing"], db);
        Assert.Equal(1, notInitialized.ExitCode);
        Assert.Contains("run initdb first", notInitialized.Stderr, StringComparison.Ordinal);

        using var stop = new CancellationTokenSource();
        var counts = ReadWhileAsync(db, "SELECT count(*) FROM public.user_names", stop.Token);
        var reinit = await emulator.RunAsync(["reinit", "--table", "users", "--no-pacing"], db);
        await stop.CancelAsync();
        Assert.True(reinit.ExitCode == 0, reinit.ToString());
        Assert.Contains("reinitialized", reinit.Stderr, StringComparison.Ordinal);

        // Every read during the swap saw a whole table: the old one (with its gap) or the new one, never none.
        var seen = await counts;
        Assert.NotEmpty(seen);
        Assert.All(seen, c => Assert.True(c >= expected * 2 / 3, $"a reader saw {c} rows"));
        Assert.Equal(expected, await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM public.user_names", cancellationToken));
        Assert.Equal(1, await ReplicaDump.ScalarAsync(db, $"SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = '{reader}' AND table_name = 'users' AND privilege_type = 'SELECT'", cancellationToken));
    }

    private static async Task<List<long>> ReadWhileAsync(string connectionString, string sql, CancellationToken stop)
    {
        var counts = new List<long>();
        while (!stop.IsCancellationRequested)
        {
            counts.Add(await ReplicaDump.ScalarAsync(connectionString, sql, CancellationToken.None));
            await Task.Delay(20, CancellationToken.None);
        }

        return counts;
    }

    [Fact]
    public async Task Values_dap_truncated_are_counted_in_the_run_summary_and_the_status()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var refresh = await emulator.RunAsync(["refresh", "--tables", "courses", "--no-pacing"], db);
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        var placeholders = await ReplicaDump.ScalarAsync(db, "SELECT count(*) FROM canvas.courses WHERE syllabus_body = '__dap_oversized_truncated__'", TestTimeout.Seconds(60));
        Assert.True(placeholders > 0);

        Assert.Contains($"{placeholders} value(s) truncated by DAP", refresh.Stderr, StringComparison.Ordinal);
        var status = Status(await emulator.RunAsync(["status", "--json"], db));
        Assert.Equal(placeholders, status["courses"].GetProperty("lastRun").GetProperty("truncatedValues").GetInt64());
    }

    [Fact]
    public async Task Status_says_which_table_is_stale_and_why_from_the_database()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var init = await emulator.RunAsync(["refresh", "--tables", "accounts,users", "--no-pacing"], db);
        Assert.True(init.ExitCode == 0, init.ToString());

        emulator.Server.AdvanceTime();
        emulator.Server.AddFault(new Emulator.FaultRule(Emulator.FaultKind.FailedJob, "/table/users/data$", "POST"));
        try
        {
            var sync = await emulator.RunAsync(["refresh", "--tables", "accounts,users", "--no-pacing"], db);
            Assert.Equal(1, sync.ExitCode);
        }
        finally
        {
            emulator.Server.ClearFaults();
        }

        var status = Status(await emulator.RunAsync(["status", "--json"], db));
        var users = status["users"];
        Assert.Equal("failed", users.GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.Equal("dap.jobfailed", users.GetProperty("lastRun").GetProperty("errorKind").GetString());
        Assert.True(users.GetProperty("lastSuccess").GetDateTimeOffset() < users.GetProperty("lastRun").GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal("complete", status["accounts"].GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.True(status["accounts"].GetProperty("lastSync").GetDateTimeOffset() > users.GetProperty("lastSync").GetDateTimeOffset());

        var text = await emulator.RunAsync(["status"], db);
        Assert.Contains("dap.jobfailed", text.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_roles_read_what_initdb_made_and_a_missing_one_fails_the_run_naming_it()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var reader = $"analysts_{Guid.NewGuid():N}"[..18];
        var password = Guid.NewGuid().ToString("N");
        await using (var admin = new Npgsql.NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync()))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE ROLE {reader} LOGIN PASSWORD '{password}'", admin);
            await create.ExecuteNonQueryAsync();
        }

        var environment = emulator.Environment(db);
        environment["CD2_READER_ROLES"] = $"{reader}, ghost_role_that_is_not_there";
        var refused = await Cd2.RunAsync(["initdb", "--table", "accounts", "--no-pacing"], environment, TestTimeout.Seconds(120));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Reader role 'ghost_role_that_is_not_there'", refused.All, StringComparison.Ordinal);

        environment["CD2_READER_ROLES"] = reader;
        var init = await Cd2.RunAsync(["initdb", "--table", "accounts", "--no-pacing"], environment, TestTimeout.Seconds(120));
        Assert.True(init.ExitCode == 0, init.ToString());
        await using var asReader = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(db) { Username = reader, Password = password, Pooling = false }.ConnectionString);
        await asReader.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT (SELECT count(*) FROM canvas.accounts) + (SELECT count(*) FROM instructure_dap.table_sync)", asReader);
        Assert.True((long)(await count.ExecuteScalarAsync())! > 1);
    }

    [Fact]
    public async Task Refresh_runs_the_orchestration_and_exits_1_when_a_table_fails()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        var url = new Npgsql.NpgsqlConnectionStringBuilder(db);
        var uri = $"postgresql://{url.Username}:{Uri.EscapeDataString(url.Password ?? "")}@{url.Host}:{url.Port}/{url.Database}";

        var ok = await emulator.RunAsync(["refresh", "--tables", "accounts", "--tables", "courses,users", "--skip", "users", "--no-pacing", "--json", "--connection-string", uri]);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        using (var summary = JsonDocument.Parse(ok.Stdout))
        {
            var outcomes = summary.RootElement.GetProperty("tables").EnumerateArray()
                .ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("outcome").GetString());
            Assert.Equal("initialized", outcomes["accounts"]);
            Assert.Equal("initialized", outcomes["courses"]);
            Assert.Equal("skipped", outcomes["users"]);
        }

        Assert.Contains("canvas.accounts", ok.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"Refresh run summary cd2-refresh-\d{8}T\d{6}Z-cli: succeeded, trigger cli, 3 tables, 0 failed, 1 skipped", ok.Stderr);

        var failed = await emulator.RunAsync(["refresh", "--tables", "accounts,no_such_table", "--no-pacing"], db);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("no_such_table", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("complete", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains(": tables_failed, trigger cli, 2 tables, 1 failed, 0 skipped, failed tables: canvas.no_such_table=table.notlisted,", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_runs_with_enough_durable_slots_even_when_the_machine_has_few_processors()
    {
        var db = await TestPostgres.CreateDatabaseAsync("cli");

        // Cd2 starts the child without DOTNET_PROCESSOR_COUNT: the slots come from the host's own backend settings.
        var result = await emulator.RunAsync(["refresh", "--tables", "accounts", "--no-pacing", "--log-level", "debug"], db);

        Assert.True(result.ExitCode == 0, result.ToString());
        var slots = System.Text.RegularExpressions.Regex.Match(result.Stderr, @"runs at most (\d+) activities at once");
        Assert.True(slots.Success, result.ToString());
        Assert.True(int.Parse(slots.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 16, slots.Value);
        Assert.Contains("initialized", result.Stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Status(ProcessResult result)
        => JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => t.Clone());
}
