using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CanvasData2.Testing;

namespace CanvasData2.Durable.Tests.Support;

/// <summary>
/// Azurite, Microsoft's storage emulator (npm <c>azurite</c> 3.35.0, which runs on Node 20; `.ci/run` installs it),
/// on free loopback ports with a data directory of its own, started once for the test run and stopped by its
/// process id. Each test uses a task hub of its own.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    // The emulator's documented, public development account (not a secret).
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private string? _directory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var azurite = Environment.GetEnvironmentVariable("CD2_AZURITE")
            ?? FindOnPath("azurite")
            ?? throw new InvalidOperationException("Azurite is not installed: npm install -g azurite@3.35.0 (.ci/run does), or set CD2_AZURITE to its path.");
        _directory = Directory.CreateTempSubdirectory("cd2-azurite-").FullName;
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = ChildProcess.StartInfo(
            azurite,
            ["--silent", "--location", _directory, "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl"]);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        foreach (var port in new[] { blob, queue, table })
        {
            await WaitForPortAsync(port, TestTimeout.Seconds(60));
        }

        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};TableEndpoint=http://127.0.0.1:{table}/{Account};";
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>A task hub name of its own for each test (letters and digits, as the provider requires).</summary>
    public static string NewTaskHub() => $"cd2{Guid.NewGuid():N}"[..16];

    private static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
