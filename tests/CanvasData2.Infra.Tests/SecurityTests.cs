using System.Text.Json;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>Security properties of the compiled template, read from the ARM JSON bicep produces.</summary>
public sealed class SecurityTests
{
    private static Task<ArmTemplate> CompileAsync() => Bicep.CompileMainAsync(TestTimeout.Seconds(180));

    [Fact]
    public async Task Storage_account_disallows_shared_keys_public_blobs_and_old_tls()
    {
        var storage = (await CompileAsync()).Single("Microsoft.Storage/storageAccounts");

        Assert.False(storage.Bool("properties", "allowSharedKeyAccess"));
        Assert.False(storage.Bool("properties", "allowBlobPublicAccess"));
        Assert.Equal("TLS1_2", storage.String("properties", "minimumTlsVersion"));
        Assert.True(storage.Bool("properties", "supportsHttpsTrafficOnly"));
    }

    [Fact]
    public async Task Key_vault_uses_rbac_with_soft_delete_and_leaves_purge_protection_and_retention_alone()
    {
        var vault = (await CompileAsync()).Single("Microsoft.KeyVault/vaults");

        Assert.True(vault.Bool("properties", "enableRbacAuthorization"));
        Assert.True(vault.Bool("properties", "enableSoftDelete"));
        // Purge protection would keep the deterministic vault name taken for 90 days after `azd down --purge`;
        // once on it cannot be turned off, and the retention cannot change, so neither is sent at all.
        Assert.Null(vault.Find("properties", "enablePurgeProtection"));
        Assert.Null(vault.Find("properties", "softDeleteRetentionInDays"));
        Assert.False(vault.Find("properties", "accessPolicies") is { ValueKind: JsonValueKind.Array } policies && policies.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Application_insights_refuses_local_auth_and_the_app_sends_as_its_identity()
    {
        var template = await CompileAsync();
        var insights = template.Single("Microsoft.Insights/components");
        var settings = template.Single("Microsoft.Web/sites/config").Properties;

        Assert.True(insights.Bool("properties", "DisableLocalAuth"));
        var authentication = settings.GetProperty("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").GetString()!;
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
        Assert.Contains("parameters('identityClientId')", authentication, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_storage_size_is_sent_only_when_the_environment_creates_the_server()
    {
        var template = await CompileAsync();
        var server = template.Single("Microsoft.DBforPostgreSQL/flexibleServers");
        var module = template.Root.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "postgres");
        var mapped = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra/main.parameters.json"), TestTimeout.Seconds(10)))
            .RootElement.GetProperty("parameters");

        // A size below the auto-grown one fails every later provision (DowngradeDiskSize). azd stores the output
        // POSTGRES_SERVER_EXISTS=true after the first provision and feeds it back: then no size is sent.
        Assert.False(template.Root.GetProperty("parameters").GetProperty("postgresServerExists").GetProperty("defaultValue").GetBoolean());
        Assert.Equal("${POSTGRES_SERVER_EXISTS=false}", mapped.GetProperty("postgresServerExists").GetProperty("value").GetString());
        Assert.True(template.Root.GetProperty("outputs").GetProperty("POSTGRES_SERVER_EXISTS").GetProperty("value").GetBoolean());
        Assert.Equal("[if(parameters('postgresServerExists'), createObject('value', 0), createObject('value', parameters('postgresStorageSizeGB')))]",
            module.GetProperty("properties").GetProperty("parameters").GetProperty("storageSizeGB").GetString());
        var storage = server.String("properties", "storage")!;
        Assert.StartsWith("[if(greater(parameters('storageSizeGB'), 0), ", storage, StringComparison.Ordinal);
        Assert.EndsWith(", createObject('autoGrow', 'Enabled'))]", storage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_vault_holds_the_dap_secrets_from_secure_parameters()
    {
        var template = await CompileAsync();
        var secrets = template.OfType("Microsoft.KeyVault/vaults/secrets").ToList();

        Assert.Equal(["dap-client-id", "dap-client-secret"], secrets.Select(SecretName).Order(StringComparer.Ordinal));
        foreach (var name in new[] { "dapClientId", "dapClientSecret" })
        {
            Assert.Equal("securestring", template.Root.GetProperty("parameters").GetProperty(name).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Postgres_is_version16_or_later_with_tls_required_and_entra_only_auth()
    {
        var template = await CompileAsync();
        var server = template.Single("Microsoft.DBforPostgreSQL/flexibleServers");

        // The version is a parameter of the module: every allowed value and the default must be 16 or later.
        var versionParameter = template.Root.GetProperty("parameters").GetProperty("postgresVersion");
        var versions = versionParameter.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!)
            .Append(versionParameter.GetProperty("defaultValue").GetString()!);
        Assert.All(versions, v => Assert.True(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) >= 16, $"version {v}"));

        Assert.Equal("Enabled", server.String("properties", "authConfig", "activeDirectoryAuth"));
        Assert.Equal("Disabled", server.String("properties", "authConfig", "passwordAuth"));
        Assert.Null(server.Find("properties", "administratorLoginPassword"));

        var tls = Assert.Single(template.OfType("Microsoft.DBforPostgreSQL/flexibleServers/configurations"),
            c => c.String("name")?.Contains("require_secure_transport", StringComparison.Ordinal) == true);
        Assert.Equal("ON", tls.String("properties", "value"));
    }

    [Fact]
    public async Task Postgres_firewall_admits_only_azure_services_and_only_without_vnet()
    {
        var rules = (await CompileAsync()).OfType("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules").ToList();

        // No rule for a laptop: nothing connects from outside Azure during `azd up`.
        var rule = Assert.Single(rules);
        Assert.Equal("0.0.0.0", rule.String("properties", "startIpAddress"));
        Assert.Equal("0.0.0.0", rule.String("properties", "endIpAddress"));
        Assert.Equal("[parameters('allowAzureServices')]", rule.String("condition"));
    }

    [Fact]
    public async Task Postgres_private_mode_turns_the_public_endpoint_off()
    {
        var template = await CompileAsync();
        var server = template.Single("Microsoft.DBforPostgreSQL/flexibleServers");
        var module = template.Root.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "postgres");

        // Nothing needs the public endpoint in private mode any more (no hook connects from a laptop).
        Assert.Equal("[if(parameters('allowAzureServices'), 'Enabled', 'Disabled')]", server.String("properties", "network", "publicNetworkAccess"));
        Assert.Equal("[not(parameters('vnetEnabled'))]",
            module.GetProperty("properties").GetProperty("parameters").GetProperty("allowAzureServices").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Outputs_carry_no_secrets_or_secure_values()
    {
        var template = await CompileAsync();
        var secureParameters = template.Root.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() is "securestring" or "secureObject")
            .Select(p => p.Name)
            .ToList();
        Assert.NotEmpty(secureParameters);

        foreach (var scope in ArmTemplate.Templates(template.Root))
        {
            if (!scope.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }

            foreach (var output in outputs.EnumerateObject())
            {
                var type = output.Value.GetProperty("type").GetString();
                var value = output.Value.TryGetProperty("value", out var v) ? v.GetRawText() : "";
                Assert.False(type is "securestring" or "secureObject", $"output {output.Name} is secure");
                Assert.DoesNotContain("list", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("ConnectionString", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("InstrumentationKey", value, StringComparison.OrdinalIgnoreCase);
                Assert.All(secureParameters, p => Assert.DoesNotContain($"'{p}'", value, StringComparison.Ordinal));
            }
        }
    }

    private static string SecretName(ArmResource secret)
    {
        // Bicep names child resources "[format('{0}/{1}', parameters('name'), 'dap-client-id')]".
        var name = secret.String("name")!;
        var last = name.TrimEnd(']', ')').Split(", ").Last();
        return last.Trim('\'');
    }
}
