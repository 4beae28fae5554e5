using System.Globalization;
using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Schemas;

/// <summary>Makes the next schema version of a table: one new nullable column and one new enum label.</summary>
internal static class SchemaBumper
{
    public static TableVersion NextVersion(EmulatedTable table, int currentStep)
    {
        var latest = table.Versions[^1];
        var version = latest.Version + 1;
        var schema = latest.Schema.DeepClone().AsObject();
        var value = schema["properties"]!["value"]!.AsObject();
        var properties = value["properties"]!.AsObject();
        properties[string.Create(CultureInfo.InvariantCulture, $"emulator_added_v{version}")] = new JsonObject
        {
            ["type"] = "string",
            ["maxLength"] = 255,
            ["description"] = string.Create(CultureInfo.InvariantCulture, $"Added by an emulated schema change (version {version})."),
        };
        var firstEnum = properties.Select(p => p.Value).OfType<JsonObject>().FirstOrDefault(p => p["enum"] is JsonArray && p["type"]?.GetValue<string>() == "string");
        firstEnum?["enum"]!.AsArray().Add(string.Create(CultureInfo.InvariantCulture, $"emulator_label_v{version}"));

        // Served from now on; its new values appear only in rows written after this step (no retroactive change).
        return TableVersion.Create(table.QualifiedName, version, schema, currentStep, currentStep + 1);
    }
}
