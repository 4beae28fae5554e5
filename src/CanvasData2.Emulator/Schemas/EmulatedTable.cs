namespace CanvasData2.Emulator.Schemas;

/// <summary>A table the emulator serves: its schema history and size. Mutated only under the state lock.</summary>
internal sealed class EmulatedTable(string ns, string name, long rows)
{
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public string QualifiedName => $"{Namespace}.{Name}";

    public long Rows { get; } = rows;

    public List<TableVersion> Versions { get; } = [];

    /// <summary>Incremental queries with a `since` before this time are refused: a new snapshot is required.</summary>
    public DateTimeOffset? SnapshotRequiredBefore { get; set; }

    public TableVersion VersionAt(int step) => Versions.Last(v => v.VisibleFromStep <= step);
}
