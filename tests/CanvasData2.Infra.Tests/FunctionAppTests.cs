using System.Text.Json;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

public sealed class FunctionAppTests
{
    /// <summary>
    /// Keys of local.settings.sample.json that must not be app settings in Azure:
    /// FUNCTIONS_WORKER_RUNTIME — Flex Consumption takes the runtime from functionAppConfig.runtime and rejects the setting;
    /// AzureWebJobsStorage — the connection-string form; Azure uses the identity-based AzureWebJobsStorage__* settings;
    /// DAP_CONNECTION_STRING — in Azure PostgreSQL is reached with Entra tokens (POSTGRES_HOST/DATABASE/USER), no password.
    /// </summary>
    private static readonly string[] LocalOnlySettings = ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage", "DAP_CONNECTION_STRING"];

    private static Task<ArmTemplate> CompileAsync() => Bicep.CompileMainAsync(TestTimeout.Seconds(180));

    [Fact]
    public async Task Function_app_runs_on_flex_consumption_with_dotnet_isolated10()
    {
        var template = await CompileAsync();
        var plan = template.Single("Microsoft.Web/serverfarms");
        var app = template.Single("Microsoft.Web/sites");

        Assert.Equal("FC1", plan.String("sku", "name"));
        Assert.Equal("FlexConsumption", plan.String("sku", "tier"));
        Assert.True(plan.Bool("properties", "reserved"), "a Linux plan is reserved");
        Assert.Equal("functionapp,linux", app.String("kind"));
        Assert.Equal("dotnet-isolated", app.String("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", app.String("properties", "functionAppConfig", "runtime", "version"));
        Assert.True(app.Bool("properties", "httpsOnly"));
    }

    [Fact]
    public async Task Function_app_runs_as_the_user_assigned_identity_and_deploys_with_it()
    {
        var app = (await CompileAsync()).Single("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", app.String("identity", "type"));
        Assert.Single(app.Find("identity", "userAssignedIdentities")!.Value.EnumerateObject());
        Assert.Equal("blobContainer", app.String("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal("UserAssignedIdentity",
            app.String("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
    }

    [Fact]
    public async Task Function_app_is_tagged_for_azd_as_service_func()
    {
        var app = (await CompileAsync()).Single("Microsoft.Web/sites");

        Assert.Contains("'azd-service-name', 'func'", app.String("tags"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_settings_cover_every_azure_setting_of_the_local_sample()
    {
        var settings = AppSettingKeys(await CompileAsync());
        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(
            Repository.PathOf("local.settings.sample.json"), TestTimeout.Seconds(10)));
        var expected = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name)
            .Except(LocalOnlySettings, StringComparer.Ordinal)
            .ToList();

        Assert.Contains("CD2_TASK_HUB", expected);
        Assert.All(expected, key => Assert.Contains(key, settings));
    }

    [Fact]
    public async Task App_settings_use_identity_based_storage_and_no_local_only_setting()
    {
        var template = await CompileAsync();
        var config = template.Single("Microsoft.Web/sites/config").Properties;
        var settings = AppSettingKeys(template);

        Assert.Equal("managedidentity", config.GetProperty("AzureWebJobsStorage__credential").GetString());
        Assert.Contains("AzureWebJobsStorage__accountName", settings);
        Assert.Contains("AzureWebJobsStorage__clientId", settings);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings);
        Assert.All(LocalOnlySettings, key => Assert.DoesNotContain(key, settings));
    }

    [Theory]
    [InlineData("DAP_CLIENT_ID", "clientIdSecretUri")]
    [InlineData("DAP_CLIENT_SECRET", "clientSecretSecretUri")]
    public async Task App_settings_dap_credentials_are_key_vault_references_resolved_as_the_app_identity(string setting, string vaultOutput)
    {
        var template = await CompileAsync();
        var app = template.Single("Microsoft.Web/sites");
        var settings = template.Single("Microsoft.Web/sites/config").Properties;
        var function = template.Root.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "function").GetProperty("properties").GetProperty("parameters");

        // The platform resolves the reference before the app starts; the code only reads a setting.
        var value = settings.GetProperty(setting).GetString()!;
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('", value, StringComparison.Ordinal);
        var parameter = value.Split("parameters('")[1].Split('\'')[0];
        Assert.Contains("'keyvault'", function.GetProperty(parameter).GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Contains($"outputs.{vaultOutput}", function.GetProperty(parameter).GetProperty("value").GetString(), StringComparison.Ordinal);
        // Without this the platform would look for a system-assigned identity the app does not have.
        Assert.Equal("[parameters('identityId')]", app.String("properties", "keyVaultReferenceIdentity"));
    }

    private static HashSet<string> AppSettingKeys(ArmTemplate template)
    {
        var config = template.Single("Microsoft.Web/sites/config");
        Assert.Contains("appsettings", config.String("name"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, config.Properties.ValueKind);
        return config.Properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }
}
