using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Migration;

/// <summary>A column type as pg_catalog stores it: the (element) type's schema and name, array or not, and its typmod.</summary>
internal sealed record CatalogType(string Schema, string Name, bool IsArray, int TypeMod)
{
    private const string PgCatalog = "pg_catalog";

    public static CatalogType Of(LiveColumn column) => new(column.TypeSchema, column.TypeName, column.IsArray, column.TypeMod);

    /// <summary>What the catalog holds for a column created from <paramref name="column"/>.</summary>
    public static CatalogType Of(ColumnModel column)
    {
        var kind = column.Kind == ColumnKind.Array ? column.ElementKind ?? ColumnKind.Text : column.Kind;
        var isArray = column.Kind == ColumnKind.Array;
        if (kind == ColumnKind.Enum)
        {
            var type = column.EnumType ?? throw new InvalidOperationException($"Enum column {column.Name} has no enum type.");
            return new CatalogType(type.Schema, Sql.Identifiers.Fit(type.Name), isArray, -1);
        }

        var (name, typmod) = kind switch
        {
            ColumnKind.SmallInt => ("int2", -1),
            ColumnKind.Integer => ("int4", -1),
            ColumnKind.BigInt => ("int8", -1),
            ColumnKind.Real => ("float4", -1),
            ColumnKind.Double => ("float8", -1),
            ColumnKind.Decimal => ("numeric", column.Precision is { } p ? ((p << 16) | (column.Scale ?? 0)) + 4 : -1),
            ColumnKind.Boolean => ("bool", -1),
            ColumnKind.Timestamp => ("timestamp", -1),
            ColumnKind.Date => ("date", -1),
            ColumnKind.Time => ("time", -1),
            ColumnKind.Interval => ("interval", -1),
            ColumnKind.Uuid => ("uuid", -1),
            ColumnKind.Inet => ("inet", -1),
            ColumnKind.Text => column.Length is { } n ? ("varchar", n + 4) : ("text", -1),
            ColumnKind.Char => ("bpchar", (column.Length ?? 1) + 4),
            ColumnKind.Json => ("jsonb", -1),
            _ => throw new InvalidOperationException($"Column {column.Name} has no catalog type for {kind}."),
        };
        return new CatalogType(PgCatalog, name, isArray, typmod);
    }

    /// <summary>
    /// True when every value of this type converts to <paramref name="target"/> without loss, so the column can be
    /// altered in place: varchar longer or to text, smallint → integer → bigint, real → double precision, decimal
    /// with more digits, enum → text, json → jsonb, timestamp with more fractional digits.
    /// </summary>
    public bool WidensTo(CatalogType target)
    {
        if (IsArray != target.IsArray)
        {
            return false;
        }

        var builtIn = Schema == PgCatalog;
        return (builtIn ? Name : "enum", target.Name) switch
        {
            ("varchar", "varchar") => TypeMod == -1 ? target.TypeMod == -1 : target.TypeMod == -1 || target.TypeMod >= TypeMod,
            ("varchar" or "bpchar" or "enum", "text") => true,
            ("int2", "int4" or "int8") or ("int4", "int8") or ("float4", "float8") or ("json", "jsonb") => true,
            ("numeric", "numeric") => NumericWidens(TypeMod, target.TypeMod),
            ("timestamp", "timestamp") or ("time", "time") => target.TypeMod == -1 || (TypeMod != -1 && target.TypeMod >= TypeMod),
            _ => false,
        };
    }

    private static bool NumericWidens(int from, int to)
    {
        if (to == -1)
        {
            return true;
        }

        if (from == -1)
        {
            return false;
        }

        int Precision(int typmod) => ((typmod - 4) >> 16) & 0xFFFF;
        int Scale(int typmod) => (typmod - 4) & 0xFFFF;
        return Scale(to) >= Scale(from) && Precision(to) - Scale(to) >= Precision(from) - Scale(from);
    }
}
