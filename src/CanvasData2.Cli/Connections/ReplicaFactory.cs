using CanvasData2.Replication;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Connections;

/// <summary>
/// Creates the <see cref="ReplicaEngine"/> of one command run over a connection string (the caller disposes it),
/// with the process's <see cref="ReplicaOptions"/> (which carry the hidden <c>--pause-at</c> crash point).
/// </summary>
internal sealed class ReplicaFactory(ILoggerFactory loggerFactory, ReplicaOptions options)
{
    public ReplicaEngine Create(string connectionString)
        => ReplicaEngine.Create(connectionString, options, loggerFactory.CreateLogger<ReplicaEngine>());
}
