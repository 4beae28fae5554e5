using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using CanvasData2.Dap;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// DAP client settings: the API URL from <c>DAP_API_URL</c>; the client id and secret from Key Vault secrets
/// <c>dap-client-id</c> / <c>dap-client-secret</c> when <c>KEYVAULT_URI</c> is set, else from
/// <c>DAP_CLIENT_ID</c> / <c>DAP_CLIENT_SECRET</c>.
/// </summary>
internal static class DapSettings
{
    public const string ClientIdSecret = "dap-client-id";
    public const string ClientSecretSecret = "dap-client-secret";

    public static void Apply(DapClientOptions options, IConfiguration configuration, TokenCredential credential)
    {
        if (configuration["DAP_API_URL"] is { Length: > 0 } url)
        {
            options.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"Setting DAP_API_URL is not an absolute URL: '{url}'.");
        }

        if (configuration["KEYVAULT_URI"] is { Length: > 0 } vault)
        {
            var secrets = new SecretClient(
                Uri.TryCreate(vault, UriKind.Absolute, out var vaultUri) ? vaultUri : throw new InvalidOperationException($"Setting KEYVAULT_URI is not an absolute URL: '{vault}'."),
                credential);
            options.ClientId = secrets.GetSecret(ClientIdSecret).Value.Value;
            options.ClientSecret = secrets.GetSecret(ClientSecretSecret).Value.Value;
            return;
        }

        options.ClientId = Required(configuration, "DAP_CLIENT_ID");
        options.ClientSecret = Required(configuration, "DAP_CLIENT_SECRET");
    }

    private static string Required(IConfiguration configuration, string key)
        => configuration[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Setting {key} is required when KEYVAULT_URI is not set.");
}
