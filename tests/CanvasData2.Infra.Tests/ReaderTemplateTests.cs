using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests;

/// <summary>
/// `azd up` takes an optional reader group and reads the deployer in by default; the template hands both to the
/// app as CD2_READERS (the app makes their roles and grants them at every run: PermissionModel tests).
/// </summary>
public sealed class ReaderTemplateTests
{
    [Fact]
    public async Task Readers_are_the_optional_group_and_by_default_the_deployer_passed_to_the_app_as_json()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var variables = template.Root.GetProperty("variables");
        var parameters = template.Root.GetProperty("parameters");
        var function = template.Root.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "function").GetProperty("properties").GetProperty("parameters");

        Assert.Equal("", parameters.GetProperty("readerGroupId").GetProperty("defaultValue").GetString());
        Assert.True(parameters.GetProperty("readerIncludesDeployer").GetProperty("defaultValue").GetBoolean());
        Assert.Equal(
            "[if(empty(parameters('readerGroupId')), createArray(), createArray(createObject('name', parameters('readerGroupName'), 'objectId', parameters('readerGroupId'), 'type', 'group')))]",
            variables.GetProperty("readerGroup").GetString());
        Assert.Equal(
            "[if(and(and(parameters('readerIncludesDeployer'), not(empty(parameters('principalId')))), not(empty(variables('adminName')))), createArray(createObject('name', variables('adminName'), 'objectId', parameters('principalId'), 'type', if(equals(parameters('principalType'), 'User'), 'user', 'service'))), createArray())]",
            variables.GetProperty("readerDeployer").GetString());
        Assert.Equal("[string(variables('readers'))]", function.GetProperty("readers").GetProperty("value").GetString());
        Assert.Equal("[parameters('readers')]", template.Single("Microsoft.Web/sites/config").Properties.GetProperty("CD2_READERS").GetString());
    }

    [Theory]
    [InlineData("readerGroupName", "${CD2_READER_GROUP_NAME=}")]
    [InlineData("readerGroupId", "${CD2_READER_GROUP_ID=}")]
    [InlineData("readerIncludesDeployer", "${CD2_READER_INCLUDES_DEPLOYER=true}")]
    public async Task Reader_settings_come_from_the_azd_environment(string parameter, string expression)
    {
        using var file = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra/main.parameters.json"), TestTimeout.Seconds(10)));

        Assert.Equal(expression, file.RootElement.GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString());
    }
}
