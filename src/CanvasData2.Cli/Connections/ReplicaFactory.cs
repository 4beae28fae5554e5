using CanvasData2.Replication;
using CanvasData2.Settings;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Connections;

/// <summary>
/// Creates the <see cref="ReplicaEngine"/> of one command run over a connection string (the caller disposes it),
/// with the process's <see cref="ReplicaOptions"/> (reader roles) and the log retention of <c>CD2_LOG_RETENTION_DAYS</c>.
/// </summary>
internal sealed class ReplicaFactory(ILoggerFactory loggerFactory, ReplicaOptions options)
{
    public ReplicaEngine Create(string connectionString)
        => ReplicaEngine.Create(connectionString, options with { WindowedRetention = LogRetention() }, loggerFactory.CreateLogger<ReplicaEngine>());

    private static TimeSpan? LogRetention()
        => SettingValues.OptionalDays(Environment.GetEnvironmentVariable(SettingNames.LogRetentionDays), SettingNames.LogRetentionDays);
}
