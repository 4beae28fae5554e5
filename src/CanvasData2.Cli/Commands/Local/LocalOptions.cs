using System.CommandLine;

namespace CanvasData2.Cli.Commands.Local;

/// <summary>Options of the commands that start the emulator.</summary>
internal static class LocalOptions
{
    public static Option<long> Rows()
    {
        var option = new Option<long>("--rows") { Description = "Rows per emulated table at the start", DefaultValueFactory = _ => 1000 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--rows must not be negative.");
            }
        });
        return option;
    }

    public static Option<long> Seed() => new("--seed") { Description = "Seed of the synthetic data (same seed, same data)", DefaultValueFactory = _ => 1 };
}
