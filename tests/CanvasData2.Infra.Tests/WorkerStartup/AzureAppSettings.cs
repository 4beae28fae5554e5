using System.Text.Json;
using CanvasData2.Infra.Tests.Support;

namespace CanvasData2.Infra.Tests.WorkerStartup;

/// <summary>
/// The app settings that the compiled template gives the Function App, as the worker process would see them:
/// a literal as it is, a parameter chain followed to main.bicep's default, and anything Azure computes at deploy
/// time (resource names, the Application Insights connection string, Key Vault references the platform resolves)
/// replaced by a dummy of the same shape. A new setting with no rule fails the test, naming it.
/// </summary>
internal static class AzureAppSettings
{
    private const string IdentityClientId = "00000000-0000-0000-0000-000000000001";

    private static readonly Dictionary<string, string> DeployTimeDummies = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__accountName"] = "stcd2dummy",
        ["AzureWebJobsStorage__clientId"] = IdentityClientId,
        ["AZURE_CLIENT_ID"] = IdentityClientId,
        // Nothing listens there: the worker must start whether or not telemetry can be sent.
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = $"ClientId={IdentityClientId};Authorization=AAD",
        // Key Vault references arrive resolved: the worker sees the secret's value.
        ["DAP_CLIENT_ID"] = "dummy-dap-client-id",
        ["DAP_CLIENT_SECRET"] = "dummy-dap-client-secret",
        ["POSTGRES_HOST"] = "psql-cd2-dummy.postgres.database.azure.com",
        ["POSTGRES_USER"] = "id-cd2-dummy",
        ["CD2_READERS"] = """[{"name":"CD2 readers","objectId":"00000000-0000-0000-0000-000000000003","type":"group"},{"name":"ada@example.org","objectId":"00000000-0000-0000-0000-000000000004","type":"user"}]""",
    };

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken cancellationToken)
    {
        var template = await Bicep.CompileMainAsync(cancellationToken);
        var config = template.Single("Microsoft.Web/sites/config");
        Assert.Contains("appsettings", config.String("name"), StringComparison.Ordinal);
        var function = Module(template.Root, "function");

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in config.Properties.EnumerateObject())
        {
            var value = Resolve(setting.Value.GetString()!, function, template.Root)
                ?? (DeployTimeDummies.TryGetValue(setting.Name, out var dummy) ? dummy : null);
            settings[setting.Name] = value
                ?? throw new InvalidOperationException($"App setting {setting.Name} is computed at deploy time: give it a dummy in {nameof(AzureAppSettings)}.");
        }

        return settings;
    }

    /// <summary>
    /// A literal, or <c>[parameters('x')]</c> / <c>[string(parameters('x'))]</c> followed through the module to a
    /// main.bicep default or a literal variable.
    /// </summary>
    private static string? Resolve(string expression, JsonElement module, JsonElement main)
    {
        if (!expression.StartsWith('['))
        {
            return expression;
        }

        var name = ParameterName(expression);
        if (name is null || !module.GetProperty("properties").GetProperty("parameters").TryGetProperty(name, out var passed))
        {
            return null;
        }

        var outer = passed.GetProperty("value");
        if (outer.ValueKind != JsonValueKind.String)
        {
            return outer.GetRawText();
        }

        var passedExpression = outer.GetString()!;
        if (VariableName(passedExpression) is { } variable
            && main.GetProperty("variables").TryGetProperty(variable, out var literal)
            && literal.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            return literal.GetRawText();
        }

        var mainName = ParameterName(passedExpression);
        return mainName is not null
               && main.GetProperty("parameters").TryGetProperty(mainName, out var declared)
               && declared.TryGetProperty("defaultValue", out var fallback)
               && !(fallback.ValueKind == JsonValueKind.String && fallback.GetString()!.StartsWith('['))
            ? fallback.ValueKind == JsonValueKind.String ? fallback.GetString() : fallback.GetRawText()
            : null;
    }

    private static string? ParameterName(string expression)
        => expression is ['[', .. var inner, ']'] && inner.Replace("string(", "", StringComparison.Ordinal).TrimEnd(')') is var bare
           && bare.StartsWith("parameters('", StringComparison.Ordinal) && bare.EndsWith('\'')
            ? bare["parameters('".Length..^1]
            : null;

    private static string? VariableName(string expression)
        => expression.StartsWith("[variables('", StringComparison.Ordinal) && expression.EndsWith("')]", StringComparison.Ordinal)
            ? expression["[variables('".Length..^"')]".Length]
            : null;

    private static JsonElement Module(JsonElement main, string name)
        => main.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
}
