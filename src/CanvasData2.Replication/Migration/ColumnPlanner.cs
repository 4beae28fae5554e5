using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;

namespace CanvasData2.Replication.Migration;

/// <summary>Plans the changes of one column that exists in both the live table and the target.</summary>
internal static class ColumnPlanner
{
    public static async Task PlanAsync(MigrationPlan plan, TableProbe probe, TableModel target, ColumnModel column, LiveColumn live, CancellationToken cancellationToken)
    {
        var quoted = Identifiers.Quote(column.Name);
        var from = CatalogType.Of(live);
        var to = CatalogType.Of(column);
        if (from != to)
        {
            if (!from.WidensTo(to))
            {
                plan.Refuse($"Column {column.Name} of {target.Name} changes type from {live.FormattedType} to {column.SqlType}, which cannot be done in place without losing data.");
                return;
            }

            plan.TypeChanges.Add($"ALTER COLUMN {quoted} SET DATA TYPE {column.SqlType} USING {quoted}::{column.SqlType}");
            plan.Changes.Add($"column {column.Name}: type {live.FormattedType} -> {column.SqlType}");
        }

        if (column.NotNull && !live.NotNull && !await probe.HasNullsAsync(quoted, cancellationToken).ConfigureAwait(false))
        {
            // With NULLs present the column stays nullable: refusing them would lose rows DAP already delivered.
            plan.ColumnChanges.Add($"ALTER COLUMN {quoted} SET NOT NULL");
            plan.Changes.Add($"column {column.Name}: NOT NULL set");
        }
        else if (!column.NotNull && live.NotNull && !column.IsKey)
        {
            plan.ColumnChanges.Add($"ALTER COLUMN {quoted} DROP NOT NULL");
            plan.Changes.Add($"column {column.Name}: NOT NULL dropped");
        }

        if (!string.Equals(NormalizeDefault(column.DefaultSql), NormalizeDefault(live.DefaultSql), StringComparison.Ordinal))
        {
            plan.ColumnChanges.Add(column.DefaultSql is null ? $"ALTER COLUMN {quoted} DROP DEFAULT" : $"ALTER COLUMN {quoted} SET DEFAULT {column.DefaultSql}");
            plan.Changes.Add($"column {column.Name}: default {column.DefaultSql ?? "dropped"}");
        }

        if (!string.Equals(column.Comment, live.Comment, StringComparison.Ordinal))
        {
            plan.Comments.Add(DdlSpelling.CommentOn($"COLUMN {probe.Table}.{quoted}", column.Comment));
            plan.Changes.Add($"column {column.Name}: comment");
        }
    }

    /// <summary>
    /// A default expression without its casts and quotes, so that the schema's <c>'online'</c>, <c>FALSE</c>, <c>-1</c>
    /// equal the catalog's <c>'online'::text</c>, <c>false</c>, <c>'-1'::integer</c> (the official client re-sets
    /// string defaults on every run because it compares them literally; we do not).
    /// </summary>
    internal static string? NormalizeDefault(string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var text = expression.Trim();
        while (text.StartsWith('(') && text.EndsWith(')'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('\''))
        {
            var end = 1;
            while (end < text.Length && !(text[end] == '\'' && (end + 1 == text.Length || text[end + 1] != '\'')))
            {
                end += text[end] == '\'' ? 2 : 1;
            }

            return "'" + text[1..Math.Min(end, text.Length)].Replace("''", "'", StringComparison.Ordinal);
        }

        var cast = text.IndexOf("::", StringComparison.Ordinal);
        var bare = (cast < 0 ? text : text[..cast]).Trim().ToLowerInvariant();

        // Numbers compare with the quoted form the catalog gives negative numbers ('-1'::integer).
        return bare.StartsWith('-') || (bare.Length > 0 && char.IsAsciiDigit(bare[0])) ? "'" + bare : bare;
    }
}
