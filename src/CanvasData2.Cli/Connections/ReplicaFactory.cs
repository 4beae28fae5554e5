using CanvasData2.Cli.Hosting;
using CanvasData2.Replication;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Connections;

/// <summary>Creates <see cref="ReplicaEngine"/>s over one connection string each.</summary>
internal sealed class ReplicaFactory(ILoggerFactory loggerFactory) : IReplicaFactory
{
    public Owned<IReplicaEngine> Create(string connectionString)
        => Owned<IReplicaEngine>.Of(ReplicaEngine.Create(connectionString, logger: loggerFactory.CreateLogger<ReplicaEngine>()));
}
