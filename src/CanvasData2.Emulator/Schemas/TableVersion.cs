using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Schemas;

/// <summary>
/// One schema version of a table. It is served from <see cref="VisibleFromStep"/>; rows written from
/// <see cref="ValuesFromStep"/> on carry values only this version allows (new columns, new enum labels).
/// </summary>
internal sealed record TableVersion(int Version, JsonObject Schema, TableLayout Layout, int VisibleFromStep, int ValuesFromStep)
{
    public static TableVersion Create(string table, int version, JsonObject schema, int visibleFromStep, int valuesFromStep) =>
        new(version, schema, LayoutCompiler.Compile(table, schema), visibleFromStep, valuesFromStep);
}
