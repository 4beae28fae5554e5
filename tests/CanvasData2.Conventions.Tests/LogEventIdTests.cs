using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Conventions.Tests;

public sealed class LogEventIdTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void Every_log_event_id_is_unique_across_the_solution_and_inside_its_projects_range()
    {
        var events = SourceAssemblies.All
            .SelectMany(assembly => assembly.GetTypes().SelectMany(type => type.GetMethods(Declared))
                .Select(method => (Assembly: assembly.GetName().Name!, Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(e => e.Attribute is not null))
            .ToList();

        Assert.Contains(events, e => e.Assembly == "CanvasData2.Replication");
        Assert.Contains(events, e => e.Assembly == "CanvasData2.Orchestration");
        var duplicates = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(duplicates.Count == 0, "Duplicate log event ids:\n" + string.Join("\n", duplicates));

        var outside = events.Where(e => SourceAssemblies.EventIdRanges[e.Assembly] is var (first, last) && (e.Attribute!.EventId < first || e.Attribute.EventId > last))
            .Select(e => $"{e.Method}: {e.Attribute!.EventId} is outside {e.Assembly}'s range {SourceAssemblies.EventIdRanges[e.Assembly]}").ToList();
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }
}
