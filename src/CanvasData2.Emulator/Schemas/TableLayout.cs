namespace CanvasData2.Emulator.Schemas;

/// <summary>The key and value columns of one schema version, in schema order.</summary>
internal sealed record TableLayout(IReadOnlyList<ColumnSpec> Keys, IReadOnlyList<ColumnSpec> Values)
{
    public int ValueIndex(string name)
    {
        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
