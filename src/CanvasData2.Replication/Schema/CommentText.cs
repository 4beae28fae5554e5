using System.Text;
using System.Text.Json;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// Comments as the official client writes them (it renders them through Python docstrings): a table gets its
/// <c>title</c>, plus a blank line and the <c>description</c> when both exist, and nothing without a title;
/// a column gets its <c>title</c>, else its <c>description</c>, with white space collapsed.
/// </summary>
internal static class CommentText
{
    public static string? ForTable(JsonElement schema)
    {
        var title = StringMember(schema, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var description = StringMember(schema, "description");
        var text = string.IsNullOrWhiteSpace(description) ? title : title + "\n\n" + description;
        return CleanDoc(text);
    }

    public static string? ForColumn(JsonElement property)
    {
        var text = StringMember(property, "title");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = StringMember(property, "description");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Python's <c>inspect.cleandoc</c>: tabs expanded to 8-column stops, common indent of later lines removed, outer blank lines dropped.</summary>
    internal static string CleanDoc(string text)
    {
        var lines = text.Split('\n').Select(ExpandTabs).ToList();
        var margin = lines.Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart().Length)
            .DefaultIfEmpty(0)
            .Min();
        lines[0] = lines[0].TrimStart();
        for (var i = 1; i < lines.Count; i++)
        {
            lines[i] = lines[i].Length >= margin ? lines[i][margin..] : lines[i].TrimStart();
        }

        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        while (lines.Count > 0 && lines[0].Trim().Length == 0)
        {
            lines.RemoveAt(0);
        }

        return string.Join('\n', lines);
    }

    private static string ExpandTabs(string line)
    {
        if (!line.Contains('\t', StringComparison.Ordinal))
        {
            return line;
        }

        var result = new StringBuilder();
        foreach (var c in line)
        {
            if (c == '\t')
            {
                result.Append(' ', 8 - (result.Length % 8));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string? StringMember(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
