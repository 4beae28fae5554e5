using System.Globalization;
using System.Text.Json.Nodes;

using CanvasData2.Testing;

namespace CanvasData2.Functions.Tests;

/// <summary>The host.json settings the run model relies on (see infra/README.md, "Limits").</summary>
public sealed class HostSettingsTests
{
    private static JsonNode HostJson()
    {
        return JsonNode.Parse(File.ReadAllText(RepositoryPaths.PathOf("host.json")))!;
    }

    [Fact]
    public void Durable_task_never_overwrites_an_instance_in_flight()
        => Assert.Equal("NonRunningStates", (string?)HostJson()["extensions"]!["durableTask"]!["overridableExistingInstanceStates"]);

    [Fact]
    public void Function_timeout_fits_the_scale_in_grace_period_of_flex_consumption()
    {
        var timeout = TimeSpan.Parse((string)HostJson()["functionTimeout"]!, CultureInfo.InvariantCulture);

        // Flex Consumption lets a running execution finish for 60 minutes when the app scales in: a longer
        // timeout would promise steps the platform does not guarantee; a shorter one kills the biggest init commits.
        Assert.Equal(TimeSpan.FromMinutes(60), timeout);
    }

    [Fact]
    public void Host_sampling_never_drops_a_trace_the_alert_rules_count()
    {
        var sampling = HostJson()["logging"]!["applicationInsights"]!["samplingSettings"]!;
        var excluded = ((string?)sampling["excludedTypes"] ?? "").Split(';', StringSplitOptions.TrimEntries);

        // The run summary and the Durable extension's Failed tracking trace are both traces.
        Assert.True((bool?)sampling["isEnabled"] == false || excluded.Contains("Trace"), $"sampling may drop traces: {sampling.ToJsonString()}");
    }
}
