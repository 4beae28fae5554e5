using System.IO.Compression;
using System.Text.Json;
using CanvasData2.Cli.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests;

/// <summary>list, schema, snapshot and incremental against the emulator over loopback.</summary>
public sealed class DapCommandTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"cd2-cli-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task List_prints_the_namespace_tables_as_json_on_stdout()
    {
        var result = await emulator.RunAsync(["list", "--namespace", "canvas"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var tables = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.Contains("accounts", tables);
        Assert.Contains("users", tables);
        Assert.DoesNotContain("web_logs", tables);
    }

    [Fact]
    public async Task Schema_prints_the_table_schema_and_version()
    {
        var result = await emulator.RunAsync(["schema", "--table", "accounts", "--output-directory", _output]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal("accounts", document.RootElement.GetProperty("table").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("schema").ValueKind);
        Assert.True(File.Exists(Path.Combine(_output, "accounts_schema_version_1.json")));
    }

    [Fact]
    public async Task Schema_of_an_unknown_table_is_a_usage_error()
    {
        var result = await emulator.RunAsync(["schema", "--table", "no_such_table"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Wrong_secret_exits_2_naming_the_settings_and_never_echoes_it()
    {
        const string wrong = "wrong-secret-value-123";
        var environment = emulator.Environment();
        environment["DAP_CLIENT_SECRET"] = wrong;
        var result = await Cd2.RunAsync(["list"], environment, CanvasData2.Testing.TestTimeout.Seconds(120));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DAP_CLIENT_SECRET", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_downloads_every_object_of_each_table()
    {
        var result = await emulator.RunAsync(["snapshot", "--table", "accounts,courses", "--format", "jsonl", "--output-directory", _output]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(2, document.RootElement.GetArrayLength());
        foreach (var table in document.RootElement.EnumerateArray())
        {
            var files = table.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
            Assert.NotEmpty(files);
            // 50 rows at step 0; other tests may have advanced the emulator's time, which adds a few.
            Assert.InRange(files.Sum(CountRecords), 50, 80);
            Assert.All(files, f => Assert.EndsWith(".json.gz", f, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Incremental_downloads_the_changes_in_a_range()
    {
        emulator.Server.AdvanceTime();
        var result = await emulator.RunAsync(
            ["incremental", "--table", "users", "--since", "2026-11-01T00:00:00Z", "--output-directory", _output]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var table = document.RootElement[0];
        Assert.Equal("users", table.GetProperty("table").GetString());
        Assert.True(table.GetProperty("files").GetArrayLength() > 0);
        Assert.All(table.GetProperty("files").EnumerateArray(), f => Assert.EndsWith(".tsv.gz", f.GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_table_does_not_stop_the_others_and_exits_1()
    {
        var result = await emulator.RunAsync(["snapshot", "--table", "accounts,no_such_table", "--output-directory", _output]);
        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var byTable = document.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.Equal(JsonValueKind.Null, byTable["accounts"].GetProperty("error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, byTable["no_such_table"].GetProperty("error").ValueKind);
        Assert.Contains("no_such_table", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private static int CountRecords(string gzipFile)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress));
        var count = 0;
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            using var record = JsonDocument.Parse(line);
            Assert.True(record.RootElement.TryGetProperty("key", out _), line);
            count++;
        }

        return count;
    }
}
