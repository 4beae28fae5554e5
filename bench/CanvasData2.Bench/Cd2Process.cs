using System.Diagnostics;
using System.Globalization;
using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Bench;

/// <summary>
/// Runs the built <c>cd2</c> exactly as a user would (its own process, settings from DAP_* variables) under
/// <c>/usr/bin/time</c>, which reports the whole process's wall time, CPU and peak RSS. The engine's share is
/// read off cd2's own log: from "staging … is ready" to "Committed …", as the lines arrive.
/// </summary>
internal static class Cd2Process
{
    /// <summary>cd2 published by bench/run (Release, ReadyToRun for this machine's runtime); CD2_BENCH_CD2 overrides.</summary>
    public static string Executable { get; } = Environment.GetEnvironmentVariable("CD2_BENCH_CD2")
        ?? Path.GetFullPath(Path.Combine("bench", "cd2", "cd2"));

    public static async Task<Cd2Run> RunAsync(EmulatorServer? emulator, string? connectionString, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var timeFile = Path.Combine(Path.GetTempPath(), $"cd2-bench-time-{Guid.NewGuid():N}");
        // CD2_BENCH_LOG=1: cd2 logs at debug level and each line is printed with its arrival time (the profile of one command).
        var given = args.ToList();
        var level = given.IndexOf("--log-level");
        if (BenchLogging.Verbose && !given.Contains("--version"))
        {
            // Replaces a level the benchmark chose (information, for the engine's timing lines).
            if (level >= 0)
            {
                given.RemoveRange(level, 2);
            }

            given.AddRange(["--log-level", "debug"]);
        }

        var environment = new Dictionary<string, string>();
        if (emulator is not null)
        {
            environment["DAP_API_URL"] = emulator.BaseUrl.ToString();
            environment["DAP_CLIENT_ID"] = emulator.ClientId;
            environment["DAP_CLIENT_SECRET"] = emulator.ClientSecret;
        }

        if (connectionString is not null)
        {
            environment["DAP_CONNECTION_STRING"] = connectionString;
        }

        // Streamed rather than ChildProcess.RunAsync: the engine's share is timed as the log lines arrive.
        var start = ChildProcess.StartInfo(
            "/usr/bin/time", new[] { "-f", "%e %U %S %M", "-o", timeFile, Executable }.Concat(given), environment);
        start.Environment.Remove("DOTNET_PROCESSOR_COUNT");
        var clock = Stopwatch.StartNew();
        TimeSpan? staged = null, committed = null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = new List<string>();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            stderr.Add(line);
            if (BenchLogging.Verbose)
            {
                Console.WriteLine($"{clock.Elapsed.TotalMilliseconds,8:F0} ms  {line}");
            }

            if (staged is null && line.Contains(" is ready", StringComparison.Ordinal) && line.Contains("Staging ", StringComparison.Ordinal))
            {
                staged = clock.Elapsed;
            }
            else if (line.Contains("Committed ", StringComparison.Ordinal))
            {
                committed = clock.Elapsed;
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var log = string.Join('\n', stderr);
        try
        {
            var fields = (await File.ReadAllTextAsync(timeFile, cancellationToken)).Trim().Split('\n')[^1].Split(' ');
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"cd2 {string.Join(' ', given)} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{log}\n{output}");
            }

            double Number(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
            return new Cd2Run(Number(0), Number(1) + Number(2), (long)Number(3) * 1024, committed - staged is { } engine ? engine.TotalSeconds : null, output, log);
        }
        finally
        {
            File.Delete(timeFile);
        }
    }
}

/// <summary>One cd2 process: wall seconds, CPU seconds (user + system), peak RSS, and the engine's stage-to-commit seconds when it logged them.</summary>
internal sealed record Cd2Run(double WallSeconds, double CpuSeconds, long PeakRssBytes, double? EngineSeconds, string Stdout, string Log);
