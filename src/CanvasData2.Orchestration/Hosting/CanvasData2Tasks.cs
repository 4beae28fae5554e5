using CanvasData2.Orchestration.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CanvasData2.Orchestration;

/// <summary>Registration of the refresh's orchestrators and activities, for any Durable Task host.</summary>
public static class CanvasData2Tasks
{
    /// <summary>Orchestrator names, as hosts schedule them.</summary>
    public const string RefreshOrchestratorName = nameof(RefreshOrchestrator);

    /// <summary>Both orchestrator types; each is registered under its class name.</summary>
    public static IReadOnlyList<Type> OrchestratorTypes { get; } = [typeof(RefreshOrchestrator), typeof(TableOrchestrator)];

    /// <summary>Every activity type, in the order the refresh uses them; each is registered under its class name.</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(EnsureBookkeepingActivity),
        typeof(ListTablesActivity),
        typeof(PlanTableActivity),
        typeof(StartQueryActivity),
        typeof(PollJobActivity),
        typeof(PrepareStagingActivity),
        typeof(LoadObjectActivity),
        typeof(CommitActivity),
        typeof(DiscardStagingActivity),
        typeof(RecordRunActivity),
    ];

    /// <summary>
    /// Registers the activity classes for DI (hosts that resolve activities from services, such as the
    /// Functions adapters). They need <c>IDapClient</c>, <c>IReplicaEngine</c> and logging registered too.
    /// </summary>
    public static IServiceCollection AddCanvasData2Activities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        foreach (var type in ActivityTypes)
        {
            services.TryAddTransient(type);
        }

        return services;
    }
}
