using System.Text.Json;
using System.Text.RegularExpressions;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Orchestration;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// The health workbook (infra/core/workbook.json) ships with the template and reads only what the app writes:
/// each query finds its events by the opening words of a log template of the code, and every
/// <c>customDimensions</c> property it reads is a placeholder of that template.
/// </summary>
public sealed partial class WorkbookTests
{
    private static readonly string[] Templates = [RunSummaryLog.Template, TableResultLog.Template];

    [Fact]
    public async Task Workbook_queries_read_only_events_and_properties_the_app_emits()
    {
        var queries = await QueriesAsync();

        Assert.True(queries.Count >= 5, $"{queries.Count} queries");
        Assert.All(queries, query =>
        {
            var opening = Assert.Single(StartsWith().Matches(query)).Groups["words"].Value;
            var template = Assert.Single(Templates, t => t.StartsWith(opening, StringComparison.Ordinal) && !opening.Contains('{', StringComparison.Ordinal));
            var placeholders = Placeholder().Matches(template).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
            var read = Dimension().Matches(query).Select(m => m.Groups["name"].Value).ToList();
            Assert.NotEmpty(read);
            Assert.All(read, name => Assert.Contains(name, placeholders));
        });
    }

    [Fact]
    public async Task Workbook_answers_freshness_errors_and_runs_per_table()
    {
        var queries = string.Join('\n', await QueriesAsync());

        Assert.Contains("HoursSinceSuccess", queries, StringComparison.Ordinal);
        Assert.Contains("customDimensions.ErrorKind", queries, StringComparison.Ordinal);
        Assert.Contains("customDimensions.Seconds", queries, StringComparison.Ordinal);
        Assert.Contains("customDimensions.Upserted", queries, StringComparison.Ordinal);
        Assert.Contains("message startswith \"Refresh run summary\"", queries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compiled_template_deploys_the_workbook_on_application_insights()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var workbook = template.Single("Microsoft.Insights/workbooks");
        var deployment = template.OfType("Microsoft.Resources/deployments").Single(d => d.String("name") == "workbook");

        Assert.Equal("shared", workbook.String("kind"));
        // loadTextContent compiles to a variable of the module's template.
        var data = workbook.String("properties", "serializedData")!;
        var variable = data["[variables('".Length..^"')]".Length];
        Assert.Equal(
            await File.ReadAllTextAsync(Repository.PathOf("infra/core/workbook.json"), TestTimeout.Seconds(10)),
            workbook.Template.GetProperty("variables").GetProperty(variable).GetString());
        Assert.Equal("[parameters('applicationInsightsId')]", workbook.String("properties", "sourceId"));
        Assert.Contains("applicationInsightsId", deployment.Find("properties", "parameters", "applicationInsightsId", "value")!.Value.GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> QueriesAsync()
    {
        using var workbook = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra/core/workbook.json"), TestTimeout.Seconds(10)));
        return workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("type").GetInt32() == 3)
            .Select(i => i.GetProperty("content").GetProperty("query").GetString()!)
            .ToList();
    }

    [GeneratedRegex("""message startswith "(?<words>[^"]+)" """)]
    private static partial Regex StartsWith();

    [GeneratedRegex(@"customDimensions\.(?<name>[A-Za-z]+)")]
    private static partial Regex Dimension();

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
