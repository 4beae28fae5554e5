using System.Globalization;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Settings;
using CanvasData2.Replication;
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
    {
        var raw = Environment.GetEnvironmentVariable(EnvironmentNames.LogRetentionDays);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days > 0
            ? TimeSpan.FromDays(days)
            : throw new UsageException($"{EnvironmentNames.LogRetentionDays} must be a whole number of days above 0 (or unset to keep everything), not '{raw}'.");
    }
}
