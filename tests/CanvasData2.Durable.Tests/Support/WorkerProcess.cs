using System.Collections.Concurrent;
using System.Diagnostics;
using CanvasData2.Testing;

namespace CanvasData2.Durable.Tests.Support;

/// <summary>
/// The refresh worker on the Azure Storage provider in a process of its own (tests/CanvasData2.Durable.Worker),
/// so that a test can kill it mid-run (SIGKILL, the whole tree) and start another that finishes the run.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    public static WorkerProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CanvasData2.Durable.Worker.dll");
        var start = ChildProcess.StartInfo("dotnet", [dll, .. args]);
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker."));
    }

    /// <summary>The first line containing <paramref name="text"/>, waiting for it (the worker's own end fails the wait with its output).</summary>
    public async Task<string> WaitForAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                // Lines still in flight when it exited.
                await Task.Delay(200, cancellationToken);
                return _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"The worker exited ({_process.ExitCode}) before '{text}':\n{Output}");
            }

            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        _arrived.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _arrived.Release();
        }
    }
}
