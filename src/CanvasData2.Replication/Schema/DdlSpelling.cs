using System.Text;
using CanvasData2.Replication.Sql;

namespace CanvasData2.Replication.Schema;

/// <summary>SQL text pieces spelled the way the official client (pysqlsync) spells them.</summary>
internal static class DdlSpelling
{
    /// <summary>
    /// A string literal: <c>E'...'</c> with backslash escapes when the text holds \b \f \n \r \t, else <c>'...'</c>
    /// with doubled quotes.
    /// </summary>
    public static string Literal(string value)
    {
        if (value.IndexOfAny(['\b', '\f', '\n', '\r', '\t']) < 0)
        {
            return Identifiers.Literal(value);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A NUL character cannot be stored in PostgreSQL text.", nameof(value));
        }

        var text = new StringBuilder("E'");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return text.Append('\'').ToString();
    }

    /// <summary><c>COMMENT ON ... IS '...'</c> (or <c>IS NULL</c> to remove one).</summary>
    public static string CommentOn(string target, string? comment)
        => $"COMMENT ON {target} IS {(comment is null ? "NULL" : Literal(comment))};";

    public static string CreateEnum(EnumTypeModel type)
        => $"CREATE TYPE {Identifiers.Qualified(type.Schema, type.Name)} AS ENUM ({string.Join(", ", type.Labels.Select(Identifiers.Literal))});";

    /// <summary>A column definition line: <c>"name" type [NOT NULL] [DEFAULT x]</c>.</summary>
    public static string ColumnDefinition(ColumnModel column, bool withNotNull)
    {
        var text = new StringBuilder(Identifiers.Quote(column.Name)).Append(' ').Append(column.SqlType);
        if (withNotNull && column.NotNull)
        {
            text.Append(" NOT NULL");
        }

        if (column.DefaultSql is not null)
        {
            text.Append(" DEFAULT ").Append(column.DefaultSql);
        }

        return text.ToString();
    }
}
