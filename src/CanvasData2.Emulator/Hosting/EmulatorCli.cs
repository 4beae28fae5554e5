using System.Globalization;

namespace CanvasData2.Emulator.Hosting;

/// <summary>`dotnet run --project src/CanvasData2.Emulator -- --port N --rows N --seed N --client-id X --client-secret Y`.</summary>
internal static class EmulatorCli
{
    private const string Usage = """
        Usage: CanvasData2.Emulator [--port N] [--rows N] [--seed N] [--client-id X] [--client-secret Y]
                                    [--rows-per-object N] [--job-delay SECONDS] [--rate-limits] [--table NS[.TABLE]]...
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new EmulatorOptions();
        try
        {
            Parse(args, options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var server = await EmulatorServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        Console.WriteLine($"DAP emulator listening on {server.BaseUrl}");
        Console.WriteLine($"DAP_API_URL={server.BaseUrl.ToString().TrimEnd('/')}");
        Console.WriteLine($"DAP_CLIENT_ID={server.ClientId}");
        Console.WriteLine($"DAP_CLIENT_SECRET={server.ClientSecret}");
        Console.WriteLine("Press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop cleanly.
        }

        return 0;
    }

    /// <summary>Fills the options from the command line.</summary>
    private static void Parse(string[] args, EmulatorOptions options)
    {
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            switch (args[i])
            {
                case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rows": options.Rows = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--client-id": options.ClientId = Value(); break;
                case "--client-secret": options.ClientSecret = Value(); break;
                case "--rows-per-object": options.RowsPerObject = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--job-delay": options.JobDelay = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--rate-limits": options.RateLimits = true; break;
                case "--table": options.Tables.Add(Value()); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
    }
}
