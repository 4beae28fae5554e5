using CanvasData2.Cli.Hosting;
using CanvasData2.Replication;

namespace CanvasData2.Cli.Connections;

/// <summary>Creates the replica engine of one command run over a PostgreSQL connection string.</summary>
internal interface IReplicaFactory
{
    Owned<IReplicaEngine> Create(string connectionString);
}
