using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CanvasData2.Replication;

/// <summary>DI registration of the replica engine.</summary>
public static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IReplicaEngine"/> (a singleton <see cref="ReplicaEngine"/>) on an
    /// <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/> (unless one is registered already).
    /// </summary>
    public static IServiceCollection AddReplica(this IServiceCollection services, string connectionString, Action<ReplicaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        return services.AddReplica(configure);
    }

    /// <summary>Registers <see cref="IReplicaEngine"/> on the <see cref="NpgsqlDataSource"/> already in the container.</summary>
    public static IServiceCollection AddReplica(this IServiceCollection services, Action<ReplicaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ReplicaOptions();
        configure?.Invoke(options);

        services.TryAddSingleton(sp => new ReplicaEngine(
            sp.GetRequiredService<NpgsqlDataSource>(),
            options,
            sp.GetService<ILogger<ReplicaEngine>>()));
        services.TryAddSingleton<IReplicaEngine>(sp => sp.GetRequiredService<ReplicaEngine>());
        return services;
    }
}
