using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;

namespace CanvasData2.Cli.Connections;

/// <summary>Creates the DAP client of one command run from the resolved settings.</summary>
internal interface IDapClientFactory
{
    Owned<IDapClient> Create(DapSettings settings);
}
