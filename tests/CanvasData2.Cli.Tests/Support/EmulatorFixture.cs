using CanvasData2.Emulator;
using CanvasData2.Testing;

namespace CanvasData2.Cli.Tests.Support;

/// <summary>An in-process DAP emulator for one test class, with the environment that points cd2 at it.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public string Secret => Server.ClientSecret;

    public Dictionary<string, string> Environment(string? connectionString = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["DAP_API_URL"] = Server.BaseUrl.ToString(),
            ["DAP_CLIENT_ID"] = Server.ClientId,
            ["DAP_CLIENT_SECRET"] = Server.ClientSecret,
        };
        if (connectionString is not null)
        {
            environment["DAP_CONNECTION_STRING"] = connectionString;
        }

        return environment;
    }

    /// <summary>Runs cd2 against the emulator and checks the secret appears nowhere in its output.</summary>
    public async Task<ProcessResult> RunAsync(string[] args, string? connectionString = null, int seconds = 120)
    {
        var result = await Cd2.RunAsync(args, Environment(connectionString), TestTimeout.Seconds(seconds));
        Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
        return result;
    }

    public async Task InitializeAsync()
        => Server = await EmulatorServer.StartAsync(
            new EmulatorOptions { Rows = 50, JobDelay = TimeSpan.FromMilliseconds(100) }, TestTimeout.Seconds(30));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
