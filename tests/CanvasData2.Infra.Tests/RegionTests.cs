using System.Text.RegularExpressions;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// The location parameter: only regions offering both Flex Consumption and PostgreSQL Flexible Server, so a
/// wrong pick fails at the prompt rather than half way through a deployment. The list and its sources live in
/// infra/README.md ("Region"); template and README must agree.
/// </summary>
public sealed partial class RegionTests
{
    [Fact]
    public async Task Location_is_limited_to_an_allowed_list_that_azd_offers_at_its_prompt()
    {
        var location = (await Bicep.CompileMainAsync(TestTimeout.Seconds(180))).Root.GetProperty("parameters").GetProperty("location");
        var allowed = location.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();

        Assert.Equal("location", location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
        Assert.True(allowed.Count >= 10, $"only {allowed.Count} regions");
        Assert.Equal(allowed.Count, allowed.Distinct(StringComparer.Ordinal).Count());
        Assert.All(allowed, region => Assert.Matches("^[a-z0-9]+$", region));
        // Canary (EUAP) regions take no ordinary subscriptions.
        Assert.DoesNotContain(allowed, region => region.EndsWith("euap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Location_allowed_list_matches_the_readme()
    {
        var location = (await Bicep.CompileMainAsync(TestTimeout.Seconds(180))).Root.GetProperty("parameters").GetProperty("location");
        var allowed = location.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal);
        var readme = await File.ReadAllTextAsync(Repository.PathOf("infra/README.md"), TestTimeout.Seconds(10));
        var section = readme[readme.IndexOf("### Region", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n#", 1, StringComparison.Ordinal)];

        var documented = RegionCode().Matches(section).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(allowed, documented);
    }

    [GeneratedRegex(@"`([a-z0-9]+)`")]
    private static partial Regex RegionCode();
}
