using System.Text.Json;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// Failure alerts (infra/core/alerts.bicep): an action group and three log alert rules on Application Insights,
/// deployed only when an e-mail address or a webhook URL is given.
/// </summary>
public sealed class AlertTests
{
    private static async Task<(JsonElement Deployment, ArmTemplate Module)> AlertsAsync()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var deployment = template.OfType("Microsoft.Resources/deployments").Single(d => d.String("name") == "alerts").Element;
        return (deployment, new ArmTemplate(deployment.GetProperty("properties").GetProperty("template")));
    }

    [Theory]
    [InlineData("", "", false)]
    [InlineData("ops@example.edu", "", true)]
    [InlineData("", "https://chat.example.test/hook", true)]
    [InlineData("ops@example.edu", "https://chat.example.test/hook", true)]
    public async Task Alerts_are_deployed_only_with_an_email_or_a_webhook(string email, string webhook, bool deployed)
    {
        var (deployment, _) = await AlertsAsync();
        var condition = deployment.GetProperty("condition").GetString()!;

        var result = new ArmCondition(new Dictionary<string, string> { ["alertEmail"] = email, ["alertWebhookUrl"] = webhook }).Evaluate(condition);

        Assert.Equal(deployed, result);
    }

    [Fact]
    public async Task Without_email_or_webhook_nothing_of_the_alerts_is_deployed()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var (deployment, module) = await AlertsAsync();
        var defaults = template.Root.GetProperty("parameters");

        // Both parameters default to empty, and every alert resource of the whole template is inside the conditional module.
        Assert.Equal("", defaults.GetProperty("alertEmail").GetProperty("defaultValue").GetString());
        Assert.Equal("", defaults.GetProperty("alertWebhookUrl").GetProperty("defaultValue").GetString());
        Assert.Equal("securestring", defaults.GetProperty("alertWebhookUrl").GetProperty("type").GetString());
        Assert.False(new ArmCondition(new Dictionary<string, string>()).Evaluate(deployment.GetProperty("condition").GetString()!));
        foreach (var type in new[] { "Microsoft.Insights/actionGroups", "Microsoft.Insights/scheduledQueryRules" })
        {
            Assert.Equal(module.OfType(type).Count(), template.OfType(type).Count());
            Assert.NotEmpty(module.OfType(type));
        }
    }

    [Fact]
    public async Task Action_group_sends_to_the_email_and_the_webhook_in_the_common_schema()
    {
        var (_, module) = await AlertsAsync();
        var group = module.Single("Microsoft.Insights/actionGroups");

        Assert.Equal("global", group.String("location"));
        Assert.True(group.Bool("properties", "enabled"));
        Assert.Contains("parameters('alertEmail')", group.String("properties", "emailReceivers"), StringComparison.Ordinal);
        Assert.Contains("parameters('alertWebhookUrl')", group.String("properties", "webhookReceivers"), StringComparison.Ordinal);
        Assert.Contains("'useCommonAlertSchema', true()", group.String("properties", "webhookReceivers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_fire_on_failed_tables_on_a_failed_run_and_on_seven_hours_without_success()
    {
        var (_, module) = await AlertsAsync();
        var rules = module.Single("Microsoft.Insights/scheduledQueryRules");
        var variables = module.Root.GetProperty("variables");
        var definitions = variables.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);

        Assert.Equal("[length(variables('rules'))]", rules.Find("copy", "count")!.Value.GetString());
        Assert.Equal(["no-success", "run-failed", "tables-failed"], definitions.Keys.Order());
        Assert.Contains("startswith \"Refresh run summary\"", variables.GetProperty("summaries").GetString(), StringComparison.Ordinal);
        Assert.Contains("Outcome == \"tables_failed\"", definitions["tables-failed"].GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("Outcome == \"run_failed\"", definitions["run-failed"].GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("prop__state) == \"Failed\"", variables.GetProperty("failedOrchestrations").GetString(), StringComparison.Ordinal);
        var noSuccess = definitions["no-success"];
        Assert.Contains("Outcome == \"succeeded\"", noSuccess.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal(("PT7H", "LessThan", 1), (noSuccess.GetProperty("window").GetString(), noSuccess.GetProperty("operator").GetString(), noSuccess.GetProperty("threshold").GetInt32()));
        Assert.Equal("LogAlert", rules.String("kind"));
        Assert.Contains("Microsoft.Insights/components", rules.Properties.GetProperty("scopes")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/actionGroups", rules.Properties.GetProperty("actions").GetProperty("actionGroups")[0].GetString(), StringComparison.Ordinal);
    }
}
