using System.Runtime.InteropServices;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation the running command observes and finishes
/// cleanly on; a second Ctrl+C ends the process at once.
/// </summary>
internal sealed class CancellationSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public CancellationSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // second signal: let the default handling end the process
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
