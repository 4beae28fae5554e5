using System.Reflection;
using System.Runtime.CompilerServices;

namespace CanvasData2.Conventions.Tests;

public sealed class CancellationTokenNameTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void Every_cancellation_token_parameter_is_named_cancellationToken()
    {
        var tokens = SourceAssemblies.All
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsDefined(typeof(CompilerGeneratedAttribute)) && !type.Name.Contains('<', StringComparison.Ordinal))
            .SelectMany(type => type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            .Where(method => !method.IsDefined(typeof(CompilerGeneratedAttribute)) && !method.Name.Contains('<', StringComparison.Ordinal))
            .SelectMany(method => method.GetParameters()
                .Where(p => p.ParameterType == typeof(CancellationToken))
                .Select(p => (p.Name, Where: $"{method.DeclaringType!.FullName}.{method.Name}({p.Name})")))
            .ToList();

        Assert.True(tokens.Count > 100, $"Only {tokens.Count} cancellation token parameters found.");
        var wrong = tokens.Where(t => t.Name != "cancellationToken").Select(t => t.Where).Distinct().ToList();

        Assert.True(wrong.Count == 0, "Cancellation tokens not named cancellationToken:\n" + string.Join("\n", wrong));
    }
}
