namespace CanvasData2.Emulator.Schemas;

/// <summary>One property of a table schema, reduced to what value generation needs.</summary>
internal sealed record ColumnSpec(string Name, ValueFamily Kind, bool Nullable)
{
    public int? MaxLength { get; init; }

    /// <summary>JSON Schema <c>minLength</c>: text is padded to it (long values, never pooled).</summary>
    public int? MinLength { get; init; }

    /// <summary>JSON Schema <c>minItems</c>: arrays have at least this many elements (never pooled).</summary>
    public int? MinItems { get; init; }
    public long? Minimum { get; init; }
    public long? Maximum { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<long> IntegerLabels { get; init; } = [];
    public string? ConstValue { get; init; }
    public IReadOnlyList<ColumnSpec> Children { get; init; } = [];
    public ColumnSpec? Items { get; init; }

    /// <summary>Stable per-name salt so that a column keeps its values across schema versions.</summary>
    public ulong Salt { get; } = StableHash.Of(Name);

    public bool IsJson => Kind is ValueFamily.Object or ValueFamily.Array;

    /// <summary>Pre-generated values of costly kinds (text, floats, JSON...), filled once on first use.</summary>
    internal Data.Cell[]? Pool;
}
