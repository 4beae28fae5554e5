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

    /// <summary>A date-time held as UTC ticks in <see cref="Cell.Integer"/>, formatted only when written.</summary>
    Timestamp,

    /// <summary>A UUID held as a hash in <see cref="Cell.Integer"/>, formatted only when written.</summary>
    Uuid,
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

    public static Cell OfTimestamp(DateTime utc) => new(CellKind.Timestamp, Integer: utc.Ticks);

    public static Cell OfUuid(ulong hash) => new(CellKind.Uuid, Integer: (long)hash);

    /// <summary>True for kinds written as an unescaped string formatted on the fly.</summary>
    public bool IsDeferred => Kind is CellKind.Timestamp or CellKind.Uuid;

    /// <summary>Formats a deferred cell into <paramref name="buffer"/> (at least 36 chars); returns the length.</summary>
    public int FormatDeferred(Span<char> buffer) => Kind == CellKind.Timestamp
        ? ValueText.FormatTimestamp(new DateTime(Integer, DateTimeKind.Utc), buffer)
        : ValueText.FormatUuid((ulong)Integer, buffer);
}
