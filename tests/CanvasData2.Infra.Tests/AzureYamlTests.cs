using CanvasData2.Infra.Tests.Support;
using CanvasData2.Testing;
using YamlDotNet.RepresentationModel;

namespace CanvasData2.Infra.Tests;

/// <summary>azure.yaml against the parts of azd's schema (v1.0) this project relies on.</summary>
public sealed class AzureYamlTests
{
    private static async Task<YamlMappingNode> LoadAsync()
    {
        var text = await File.ReadAllTextAsync(Repository.PathOf("azure.yaml"), TestTimeout.Seconds(10));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key)
        => Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlMappingNode node, string key)
        => Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public async Task Azure_yaml_names_the_project_and_the_function_service()
    {
        var root = await LoadAsync();

        Assert.True(Scalar(root, "name").Length >= 2, "azd requires a name of two characters or more");
        var services = Map(root, "services");
        var func = Map(services, "func");
        Assert.Equal("./src/CanvasData2.Functions", Scalar(func, "project"));
        Assert.Equal("dotnet", Scalar(func, "language"));
        Assert.Equal("function", Scalar(func, "host"));
        Assert.Equal("infra", Scalar(Map(root, "infra"), "path"));
    }

    [Fact]
    public async Task Azure_yaml_service_name_matches_the_function_app_tag()
    {
        var template = await Bicep.CompileMainAsync(TestTimeout.Seconds(180));
        var services = Map(await LoadAsync(), "services");
        var serviceName = Assert.Single(services.Children.Keys.Cast<YamlScalarNode>()).Value;

        Assert.Contains($"'azd-service-name', '{serviceName}'", template.Single("Microsoft.Web/sites").String("tags"),
            StringComparison.Ordinal);
    }
}
