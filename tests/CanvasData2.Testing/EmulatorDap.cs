using CanvasData2.Dap;
using CanvasData2.Emulator;

namespace CanvasData2.Testing;

/// <summary>
/// DAP client settings for an emulator: its address and credentials, pacing off (the emulator has no job budget
/// unless asked); <c>tune</c> sets what a test or benchmark needs beyond that (retry waits, pacing).
/// </summary>
public static class EmulatorDap
{
    public static DapClientOptions Options(EmulatorServer emulator, Action<DapClientOptions>? tune = null)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var options = new DapClientOptions { BaseUrl = emulator.BaseUrl, ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, Pacing = false };
        tune?.Invoke(options);
        return options;
    }
}
