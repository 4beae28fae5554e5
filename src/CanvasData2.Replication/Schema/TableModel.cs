using CanvasData2.Model;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// A DAP table as the replica stores it: columns in the official client's order (key first, then values,
/// columns with a default last), primary key, the enum types it needs, and the schema it came from.
/// </summary>
internal sealed record TableModel(
    TableName Name,
    IReadOnlyList<ColumnModel> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<EnumTypeModel> EnumTypes,
    string? Comment,
    long SchemaVersion,
    string SchemaDescription)
{
    /// <summary>The column with this DAP name, or null.</summary>
    public ColumnModel? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// One column. <see cref="Name"/> is the DAP property name (quote it with <c>Identifiers.Quote</c>, which also
/// shortens names over 63 bytes); <see cref="SourceField"/> is its TSV header (<c>key.id</c>, <c>value.x</c>);
/// <see cref="SqlType"/> is spelled as the official client spells it in DDL.
/// </summary>
internal sealed record ColumnModel(
    string Name,
    string SourceField,
    string SqlType,
    ColumnKind Kind,
    bool NotNull,
    string? DefaultSql,
    string? Comment,
    bool IsKey,
    ColumnKind? ElementKind)
{
    /// <summary><c>varchar(n)</c> / <c>char(n)</c> length (of the element for arrays); null for unbounded text.</summary>
    public int? Length { get; init; }

    /// <summary><c>decimal(p, s)</c> precision and scale; null for an unconstrained decimal.</summary>
    public int? Precision { get; init; }

    /// <inheritdoc cref="Precision"/>
    public int? Scale { get; init; }

    /// <summary>The enum type of an <see cref="ColumnKind.Enum"/> column or of an enum array's elements.</summary>
    public EnumTypeModel? EnumType { get; init; }
}

/// <summary>A PostgreSQL enum type: labels verbatim, in schema order. <see cref="Name"/> is unshortened.</summary>
internal sealed record EnumTypeModel(string Schema, string Name, IReadOnlyList<string> Labels);

/// <summary>Storage class of a column (for arrays: <see cref="Array"/>, with the element in <c>ElementKind</c>).</summary>
internal enum ColumnKind
{
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    Decimal,
    Boolean,
    Timestamp,
    Date,
    Time,
    Interval,
    Uuid,
    Inet,
    Text,
    Char,
    Enum,
    Json,
    Array,
}
