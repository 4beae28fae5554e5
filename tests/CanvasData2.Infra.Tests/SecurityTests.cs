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
    public async Task Key_vault_uses_rbac_with_soft_delete_and_purge_protection()
    {
        var vault = (await CompileAsync()).Single("Microsoft.KeyVault/vaults");

        Assert.True(vault.Bool("properties", "enableRbacAuthorization"));
        Assert.True(vault.Bool("properties", "enableSoftDelete"));
        Assert.True(vault.Bool("properties", "enablePurgeProtection"));
        Assert.False(vault.Find("properties", "accessPolicies") is { ValueKind: JsonValueKind.Array } policies && policies.GetArrayLength() > 0);
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
    public async Task Postgres_firewall_admits_only_azure_services()
    {
        var rules = (await CompileAsync()).OfType("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules").ToList();

        var rule = Assert.Single(rules);
        Assert.Equal("0.0.0.0", rule.String("properties", "startIpAddress"));
        Assert.Equal("0.0.0.0", rule.String("properties", "endIpAddress"));
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
