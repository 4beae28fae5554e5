using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Bench;

/// <summary>
/// The child process of an init benchmark: one refresh of one table through <see cref="LocalRefreshHost"/>
/// (query, poll, download, gunzip, parse, COPY, commit), then its wall time and peak RSS as one JSON line.
/// Running it alone in a process makes VmHWM the peak of exactly this init.
/// </summary>
internal static class ChildInit
{
    public const string Verb = "child-init";
    public const string SecretVariable = "CD2_BENCH_DAP_SECRET";
    private const string ResultPrefix = "RESULT ";

    /// <summary>Short polls: the benchmark measures data movement, not DAP's polling cadence.</summary>
    public static RefreshTuning Tuning { get; } = new(PollFirstSeconds: 0.2, PollMaxSeconds: 1);

    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var clientId = args[1];
        var connectionString = args[2];
        var table = args[3];
        var secret = Environment.GetEnvironmentVariable(SecretVariable) ?? throw new InvalidOperationException($"{SecretVariable} is not set.");

        using var logging = BenchLogging.Create();
        using var dap = DapClient.Create(new DapClientOptions { BaseUrl = url, ClientId = clientId, ClientSecret = secret, Pacing = false }, logging);
        await using var engine = ReplicaEngine.Create(connectionString, logger: logging.CreateLogger<ReplicaEngine>());
        var clock = Stopwatch.StartNew();
        await using var host = await LocalRefreshHost.StartAsync(dap, engine, logging);
        var summary = await host.RunAsync(new RefreshRequest(IncludeTables: [table], Pacing: false, Tuning: Tuning));
        var seconds = clock.Elapsed.TotalSeconds;
        var result = summary.Tables.Single();
        if (result.Outcome != TableOutcome.Initialized)
        {
            await Console.Error.WriteLineAsync($"{table}: {result.Outcome} {result.Error?.Message}");
            return 1;
        }

        var line = JsonSerializer.Serialize(new ChildResult(result.RowsUpserted, seconds, PeakRss.ReadBytes()));
        Console.WriteLine(ResultPrefix + line);
        return 0;
    }

    /// <summary>Runs an init of <paramref name="table"/> in a child process and returns what it measured.</summary>
    public static async Task<ChildResult> RunChildAsync(Uri url, string clientId, string secret, string connectionString, string table, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath!;
        var launcher = Path.GetFileNameWithoutExtension(self) == "dotnet" ? new[] { typeof(ChildInit).Assembly.Location } : [];
        string[] arguments = [.. launcher, Verb, url.ToString(), clientId, connectionString, table];
        var result = await ChildProcess.RunAsync(self, arguments, cancellationToken, new Dictionary<string, string> { [SecretVariable] = secret });
        var output = result.Stdout;
        if (BenchLogging.Verbose)
        {
            Console.WriteLine(output);
        }
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (result.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"The init child for {table} failed ({result.ExitCode.ToString(CultureInfo.InvariantCulture)}): {result.Stderr}{output}");
        }

        return JsonSerializer.Deserialize<ChildResult>(line[ResultPrefix.Length..])!;
    }
}

internal sealed record ChildResult(long Rows, double Seconds, long PeakRssBytes)
{
    public double RowsPerSecond => Rows / Seconds;
}
