using System.Diagnostics;
using System.Text.Json;
using CanvasData2.Emulator;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Cli.Tests;

/// <summary>Ctrl+C during a refresh: exit 130, nothing half-published, a later refresh finishes the work.</summary>
public sealed class InterruptTests : IAsyncLifetime
{
    private static readonly string[] Tables = ["accounts", "courses", "enrollments", "users"];
    private static readonly NpgsqlCommandBuilder Quote = new();
    private EmulatorServer _server = null!;

    public async Task InitializeAsync()
        // Slow jobs and one table at a time, so the signal lands while tables are still to do.
        => _server = await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 200, JobDelay = TimeSpan.FromSeconds(3) }, TestTimeout.Seconds(30));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sigint_during_refresh_exits_130_and_leaves_tables_absent_or_complete()
    {
        var cancellationToken = TestTimeout.Seconds(240);
        var db = await TestPostgres.CreateDatabaseAsync("cli");
        string[] refresh = ["refresh", "--tables", string.Join(',', Tables), "--no-pacing", "--max-parallel", "1"];

        var interrupted = await RunAndInterruptAfterFirstTableAsync(refresh, db, cancellationToken);

        Assert.True(interrupted.ExitCode == 130, interrupted.ToString());
        Assert.Contains("Cancelled", interrupted.Stderr, StringComparison.Ordinal);
        var afterInterrupt = await RowCountsAsync(db, cancellationToken);
        Assert.NotEmpty(afterInterrupt);
        Assert.True(afterInterrupt.Count < Tables.Length, $"the refresh was not interrupted: {interrupted}");

        var again = await Cd2.RunAsync([.. refresh, "--json"], Environment(db), cancellationToken);
        Assert.True(again.ExitCode == 0, again.ToString());
        var outcomes = Outcomes(again.Stdout);
        var complete = await RowCountsAsync(db, cancellationToken);
        Assert.Equal(Tables, complete.Keys.Order(StringComparer.Ordinal));
        foreach (var table in Tables)
        {
            if (afterInterrupt.TryGetValue(table, out var rows))
            {
                // Published before the signal: it was whole then (no time passed, so nothing changed since).
                Assert.Equal(complete[table], rows);
                Assert.Equal("complete", outcomes[table]);
            }
            else
            {
                Assert.Equal("initialized", outcomes[table]);
            }

            Assert.True(complete[table] > 0, table);
        }
    }

    private async Task<ProcessResult> RunAndInterruptAfterFirstTableAsync(string[] args, string db, CancellationToken cancellationToken)
    {
        using var process = Process.Start(Cd2.StartInfo(args, Environment(db)))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = new System.Text.StringBuilder();
        var signalled = false;
        try
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
            {
                stderr.AppendLine(line);
                if (!signalled && line.Contains("tables done", StringComparison.Ordinal))
                {
                    signalled = true;
                    await SendSigintAsync(process.Id, cancellationToken);
                }
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(signalled, $"no progress line before the end:\n{stderr}");
        return new ProcessResult(process.ExitCode, await stdout, stderr.ToString());
    }

    private static async Task SendSigintAsync(int pid, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    private Dictionary<string, string> Environment(string db) => new()
    {
        ["DAP_API_URL"] = _server.BaseUrl.ToString(),
        ["DAP_CLIENT_ID"] = _server.ClientId,
        ["DAP_CLIENT_SECRET"] = _server.ClientSecret,
        ["DAP_CONNECTION_STRING"] = db,
    };

    private static Dictionary<string, string?> Outcomes(string json)
    {
        using var summary = JsonDocument.Parse(json);
        return summary.RootElement.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("outcome").GetString());
    }

    /// <summary>Row counts of the tables that exist in schema canvas.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(string db, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'canvas' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM canvas.{Quote.QuoteIdentifier(name)}", connection);
            counts[name] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }
}
