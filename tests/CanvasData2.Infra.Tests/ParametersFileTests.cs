using System.Text.Json;
using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>infra/main.parameters.json, which azd fills from the environment, against main.bicep's parameters.</summary>
public sealed class ParametersFileTests
{
    private static async Task<(Dictionary<string, string> Mapped, JsonElement Declared)> LoadAsync()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(
            Repository.PathOf("infra/main.parameters.json"), TestTimeout.Seconds(10)));
        var mapped = file.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString()!, StringComparer.Ordinal);
        return (mapped, template.Root.GetProperty("parameters").Clone());
    }

    [Fact]
    public async Task Parameters_file_maps_only_declared_parameters_and_every_required_one()
    {
        var (mapped, declared) = await LoadAsync();
        var names = declared.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var required = declared.EnumerateObject().Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name);

        Assert.All(mapped.Keys, name => Assert.Contains(name, names));
        Assert.All(required, name => Assert.Contains(name, mapped.Keys));
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    [InlineData("dapClientId", "${DAP_CLIENT_ID}")]
    [InlineData("dapClientSecret", "${DAP_CLIENT_SECRET}")]
    [InlineData("keyVaultStamp", "${CD2_KEY_VAULT_STAMP=}")]
    [InlineData("postgresServerExists", "${POSTGRES_SERVER_EXISTS=false}")]
    public async Task Parameters_file_takes_azd_values_from_the_environment(string parameter, string expression)
    {
        var (mapped, _) = await LoadAsync();

        Assert.Equal(expression, mapped[parameter]);
    }
}
