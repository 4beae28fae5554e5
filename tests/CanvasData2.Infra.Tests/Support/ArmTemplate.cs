using System.Text.Json;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>A resource anywhere in the compiled template, nested module deployments included.</summary>
internal sealed record ArmResource(string Type, JsonElement Element, JsonElement Template)
{
    /// <summary>The resource's JSON plus the values of the template variables it reads, for text searches.</summary>
    public string TextWithVariables()
    {
        var text = Element.GetRawText();
        if (!Template.TryGetProperty("variables", out var variables))
        {
            return text;
        }

        var used = variables.EnumerateObject().Where(v => text.Contains($"variables('{v.Name}')", StringComparison.Ordinal));
        return string.Join('\n', used.Select(v => v.Value.GetRawText()).Prepend(text));
    }

    public JsonElement Properties => Element.GetProperty("properties");

    public JsonElement? Find(params string[] path)
    {
        var current = Element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    public string? String(params string[] path) => Find(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public bool? Bool(params string[] path) => Find(path) is { } value && value.ValueKind is JsonValueKind.True or JsonValueKind.False
        ? value.GetBoolean()
        : null;
}

/// <summary>Compiled ARM JSON with helpers to reach every resource, including those inside module deployments.</summary>
internal sealed class ArmTemplate(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IReadOnlyList<ArmResource> Resources { get; } = Flatten(root).ToList();

    public IEnumerable<ArmResource> OfType(string type)
        => Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>Templates of the main file and of every nested deployment (module), depth first.</summary>
    public static IEnumerable<JsonElement> Templates(JsonElement template)
    {
        yield return template;
        foreach (var resource in ResourceElements(template))
        {
            if (resource.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<ArmResource> Flatten(JsonElement template)
        => Templates(template).SelectMany(t => ResourceElements(t).Select(r => new ArmResource(r.GetProperty("type").GetString()!, r, t)));

    // Bicep emits resources as an array, or as an object keyed by symbolic name (language version 2.0).
    private static List<JsonElement> ResourceElements(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToList()
            : resources.EnumerateObject().Select(p => p.Value).ToList();
    }
}
