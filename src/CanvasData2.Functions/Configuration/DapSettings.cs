using CanvasData2.Dap;
using CanvasData2.Settings;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// DAP client settings: the API URL from <c>DAP_API_URL</c>, the client id and secret from <c>DAP_CLIENT_ID</c> /
/// <c>DAP_CLIENT_SECRET</c>. In Azure those two are Key Vault references (<c>@Microsoft.KeyVault(SecretUri=...)</c>)
/// that the platform resolves before the app starts, so reading them never blocks on a network call here.
/// </summary>
internal static class DapSettings
{
    public static void Apply(DapClientOptions options, IConfiguration configuration)
    {
        if (configuration[SettingNames.BaseUrl] is { Length: > 0 } url)
        {
            options.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri)
                ? uri
                : throw new SettingException($"Setting {SettingNames.BaseUrl} is not an absolute URL: '{url}'.");
        }

        options.ClientId = Required(configuration, SettingNames.ClientId);
        options.ClientSecret = Required(configuration, SettingNames.ClientSecret);
    }

    private static string Required(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrEmpty(value))
        {
            throw new SettingException($"Setting {key} is required (in Azure: a Key Vault reference the deployment sets).");
        }

        // An unresolved reference reaches the app verbatim: say so, without echoing anything secret.
        return value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
            ? throw new SettingException(
                $"Setting {key} is a Key Vault reference the platform could not resolve; check the app's Key Vault role and the vault's network access (infra/README.md).")
            : value;
    }
}
