using CanvasData2.Dap;
using CanvasData2.Emulator;

namespace CanvasData2.Bench;

/// <summary>The DAP client settings of the bench's emulator: its address and credentials, pacing off unless asked.</summary>
internal static class EmulatorDap
{
    public static DapClientOptions Options(EmulatorServer emulator, bool pacing = false, int jobCreationsPerWindow = 5) => new()
    {
        BaseUrl = emulator.BaseUrl,
        ClientId = emulator.ClientId,
        ClientSecret = emulator.ClientSecret,
        Pacing = pacing,
        JobCreationsPerWindow = jobCreationsPerWindow,
    };
}
