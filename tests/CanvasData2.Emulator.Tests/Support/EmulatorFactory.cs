using CanvasData2.Testing;

namespace CanvasData2.Emulator.Tests.Support;

/// <summary>Starts a small, fast emulator for one test.</summary>
internal static class EmulatorFactory
{
    public static async Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Rows = 120, RowsPerObject = 50, JobDelay = TimeSpan.FromMilliseconds(100), Seed = 7 };
        configure?.Invoke(options);
        return await EmulatorServer.StartAsync(options, TestTimeout.Seconds(30));
    }
}
