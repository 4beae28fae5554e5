namespace CanvasData2.Replication.Schema;

/// <summary>A resolved column type: DDL spelling plus the facts migration needs to compare it.</summary>
internal sealed record SqlTypeSpec(string Sql, ColumnKind Kind, ColumnKind? ElementKind = null)
{
    public int? Length { get; init; }

    public int? Precision { get; init; }

    public int? Scale { get; init; }

    public EnumTypeModel? EnumType { get; init; }

    public static SqlTypeSpec Of(string sql, ColumnKind kind) => new(sql, kind);

    /// <summary>This type as the element of a PostgreSQL array, spelled <c>&lt;type&gt; ARRAY</c> like the official client.</summary>
    public SqlTypeSpec AsArray() => this with { Sql = Sql + " ARRAY", Kind = ColumnKind.Array, ElementKind = Kind };
}
