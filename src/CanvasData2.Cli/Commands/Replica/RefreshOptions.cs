using System.CommandLine;
using CanvasData2.Orchestration;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>Options of the commands that run the refresh orchestration, and the request they make.</summary>
internal static class RefreshOptions
{
    public static Option<int> MaxParallel { get; } = CreateMaxParallel();

    public static Option<bool> NoPacing { get; } = new("--no-pacing")
    {
        Description = "Start query jobs without waiting for DAP's 5-per-minute budget (for a local emulator only)",
    };

    public static RefreshRequest Request(ParseResult parseResult, IReadOnlyList<string> namespaces, IReadOnlyList<string>? include, IReadOnlyList<string> skip)
    {
        var pacing = !parseResult.GetValue(NoPacing);
        return new RefreshRequest(
            namespaces.Count == 0 ? null : namespaces,
            include,
            skip.Count == 0 ? null : skip,
            parseResult.GetValue(MaxParallel),
            pacing,
            pacing ? null : LocalTuning);
    }

    /// <summary>Short waits for a local DAP (the emulator), where jobs finish in moments.</summary>
    public static RefreshTuning LocalTuning { get; } = new(
        JobsPerMinute: 1000, PollFirstSeconds: 0.2, PollMaxSeconds: 1, RetryFirstSeconds: 0.5, RetryMaxSeconds: 2,
        RateLimitWaitSeconds: 1, BusyWaitSeconds: 1);

    private static Option<int> CreateMaxParallel()
    {
        var option = new Option<int>("--max-parallel")
        {
            Description = "How many tables to work on at once",
            DefaultValueFactory = _ => RefreshRequest.DefaultMaxParallelTables,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
            {
                result.AddError("--max-parallel must be between 1 and 64.");
            }
        });
        return option;
    }
}
