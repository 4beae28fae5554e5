using Microsoft.Extensions.DependencyInjection;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// The function classes with instance methods, registered so that the start-up validation (ValidateOnBuild)
/// proves their constructors resolve; the worker's activator takes a registered type from the container.
/// </summary>
internal static class FunctionClasses
{
    public static readonly Type[] All = [typeof(RefreshHttp), typeof(RefreshTimer), typeof(RunQueryHttp)];

    public static IServiceCollection AddFunctionClasses(this IServiceCollection services)
    {
        foreach (var type in All)
        {
            services.AddTransient(type);
        }

        return services;
    }
}
