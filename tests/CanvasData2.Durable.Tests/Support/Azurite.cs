using CanvasData2.Testing;

namespace CanvasData2.Durable.Tests.Support;

/// <summary>One Azurite for the test run (<see cref="AzuriteServer"/>); each test uses a task hub of its own.</summary>
public sealed class Azurite : IAsyncLifetime
{
    private AzuriteServer? _server;

    public string ConnectionString => _server!.ConnectionString;

    public static string NewTaskHub() => AzuriteServer.NewTaskHub();

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync(TestTimeout.Seconds(60));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
