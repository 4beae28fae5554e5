using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// The app's one credential for PostgreSQL and Application Insights. On Azure, <c>AZURE_CLIENT_ID</c> names the
/// user-assigned identity and only the managed identity endpoint can apply: DefaultAzureCredential's chain would
/// probe environment, workload identity and developer sign-ins first. Without it (a developer's machine) the chain
/// finds the developer's own sign-in.
/// </summary>
internal static class AzureCredentials
{
    public const string ClientIdKey = "AZURE_CLIENT_ID";

    public static TokenCredential Create(IConfiguration configuration)
        => configuration[ClientIdKey] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}
