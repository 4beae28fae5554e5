using CanvasData2.Dap;

namespace CanvasData2.Orchestration.Activities;

/// <summary>Include and skip lists; names are bare (<c>accounts</c>) or qualified (<c>canvas.accounts</c>).</summary>
internal static class TableFilter
{
    public static TableListing Apply(ListTablesInput input, IReadOnlyList<string> available)
    {
        var include = NamesFor(input.Namespace, input.IncludeTables);
        var skip = NamesFor(input.Namespace, input.SkipTables);
        var candidates = include.Count == 0 ? available : available.Where(include.Contains).ToList();
        var kept = candidates.Where(t => !skip.Contains(t)).ToLookup(DapNames.IsValid);
        var tables = kept[true].Order(StringComparer.Ordinal).ToList();
        var skipped = candidates.Where(skip.Contains).Order(StringComparer.Ordinal).ToList();
        var invalid = kept[false].Order(StringComparer.Ordinal).ToList();
        var missing = include.Where(t => !available.Contains(t, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return new TableListing(tables, skipped, missing, Invalid: invalid);
    }

    private static HashSet<string> NamesFor(string ns, IReadOnlyList<string>? names)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in names ?? [])
        {
            var name = raw.Trim();
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                if (name.Length > 0)
                {
                    result.Add(name);
                }
            }
            else if (string.Equals(name[..dot], ns, StringComparison.Ordinal))
            {
                result.Add(name[(dot + 1)..]);
            }
        }

        return result;
    }
}
