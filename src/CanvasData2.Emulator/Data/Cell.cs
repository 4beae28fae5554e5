namespace CanvasData2.Emulator.Data;

internal enum CellKind : byte
{
    Null,
    Integer,
    Float,
    Boolean,

    /// <summary>Free text: escaped in every format.</summary>
    Text,

    /// <summary>A string known to need no escaping (timestamps, UUIDs, enum labels, addresses).</summary>
    Plain,

    /// <summary>A number already rendered as text (decimals).</summary>
    Number,

    /// <summary>Compact JSON text of a nested object or array.</summary>
    Json,
}

/// <summary>One generated value; a struct so that a row costs no allocation beyond its strings.</summary>
internal readonly record struct Cell(CellKind Kind, long Integer = 0, double Float = 0, string? Text = null)
{
    public static readonly Cell Null = new(CellKind.Null);

    public static Cell Of(long value) => new(CellKind.Integer, Integer: value);

    public static Cell Of(double value) => new(CellKind.Float, Float: value);

    public static Cell Of(bool value) => new(CellKind.Boolean, Integer: value ? 1 : 0);

    public static Cell OfText(string value) => new(CellKind.Text, Text: value);

    public static Cell OfPlain(string value) => new(CellKind.Plain, Text: value);
}
