using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CanvasData2.Testing;

/// <summary>
/// Azurite, Microsoft's storage emulator (npm <c>azurite</c> 3.35.0, the last release that runs on Node 20;
/// `.ci/run` installs it), on free loopback ports with a data directory of its own, stopped by its process id.
/// With <c>requestLog</c> it logs every request it serves there (the bench counts storage transactions).
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // The emulator's documented, public development account (not a secret).
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _directory;

    private AzuriteServer(Process process, string directory, string connectionString)
    {
        _process = process;
        _directory = directory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken, string? requestLog = null)
    {
        var azurite = Environment.GetEnvironmentVariable("CD2_AZURITE")
            ?? FindOnPath("azurite")
            ?? throw new InvalidOperationException("Azurite is not installed: npm install -g azurite@3.35.0 (.ci/run does), or set CD2_AZURITE to its path.");
        var directory = Directory.CreateTempSubdirectory("cd2-azurite-").FullName;
        var (blob, queue, table) = FreePorts();
        List<string> args =
        [
            "--location", directory, "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
        ];
        args.AddRange(requestLog is null ? ["--silent"] : ["--debug", requestLog]);
        var process = Process.Start(ChildProcess.StartInfo(azurite, args)) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        foreach (var port in new[] { blob, queue, table })
        {
            await WaitForPortAsync(process, port, cancellationToken).ConfigureAwait(false);
        }

        return new AzuriteServer(process, directory, $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};TableEndpoint=http://127.0.0.1:{table}/{Account};");
    }

    /// <summary>A task hub name of its own (letters and digits, as the provider requires).</summary>
    public static string NewTaskHub() => $"cd2{Guid.NewGuid():N}"[..16];

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Until Azurite answers on the port; a process that ended (a port taken meanwhile, say) is an error at once.</summary>
    private static async Task WaitForPortAsync(Process process, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Three distinct free ports: the listeners are held together, so the system cannot hand out one twice.</summary>
    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
