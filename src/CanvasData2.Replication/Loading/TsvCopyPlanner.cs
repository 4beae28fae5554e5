using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Loading;

/// <summary>Maps a TSV header onto the staging columns of a table model.</summary>
internal static class TsvCopyPlanner
{
    public static TsvCopyPlan Build(TableModel model, IReadOnlyList<string> header, StagingKind kind)
    {
        var table = model.Name;
        var bySource = new Dictionary<string, ColumnModel>(StringComparer.Ordinal);
        foreach (var column in model.Columns)
        {
            bySource[column.SourceField] = column;
        }

        var ops = new FieldOp[header.Count];
        var fieldColumns = new string?[header.Count];
        var copyColumns = new List<string>(header.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keyField = -1;
        var hasAction = false;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (!seen.Add(name))
            {
                throw new ReplicationException($"Table {table}: the TSV header names column '{name}' twice.", table, name);
            }

            if (name.StartsWith("meta.", StringComparison.Ordinal))
            {
                var keep = kind == StagingKind.Changes && name == TsvCopyPlan.ActionColumn;
                ops[i] = keep ? FieldOp.Action : FieldOp.Drop;
                if (keep)
                {
                    copyColumns.Add(TsvCopyPlan.ActionColumn);
                    hasAction = true;
                }

                continue;
            }

            if (!bySource.TryGetValue(name, out var column))
            {
                throw new ReplicationException(
                    $"Table {table}: the TSV column '{name}' is not in the table's schema (version {model.SchemaVersion}).", table, name);
            }

            if (column.IsKey && keyField < 0)
            {
                keyField = i;
            }

            ops[i] = OpFor(column.Kind);
            fieldColumns[i] = column.Name;
            copyColumns.Add(column.Name);
        }

        foreach (var key in model.Columns.Where(c => c.IsKey))
        {
            if (!seen.Contains(key.SourceField))
            {
                throw new ReplicationException($"Table {table}: the TSV object has no key column '{key.SourceField}'.", table, key.Name);
            }
        }

        if (kind == StagingKind.Changes && !hasAction)
        {
            throw new ReplicationException($"Table {table}: an incremental TSV object must have a 'meta.action' column.", table);
        }

        return new TsvCopyPlan(table, copyColumns, ops, fieldColumns, keyField, FingerprintKeys(model, header, kind, bySource));
    }

    /// <summary>The key column per field when the object's keys can be fingerprinted (changes, supported key kinds); else null.</summary>
    private static KeyField?[]? FingerprintKeys(TableModel model, IReadOnlyList<string> header, StagingKind kind, Dictionary<string, ColumnModel> bySource)
    {
        var keys = model.Columns.Where(c => c.IsKey).ToList();
        if (kind != StagingKind.Changes || keys.Count == 0 || !keys.All(k => KeyFingerprints.Supports(k.Kind)))
        {
            return null;
        }

        var keyOrder = model.PrimaryKey.Select((name, order) => (name, order)).ToDictionary(k => k.name, k => k.order, StringComparer.Ordinal);
        return header.Select(name => bySource.TryGetValue(name, out var column) && column.IsKey
                ? new KeyField(keyOrder[column.Name], column.Kind)
                : (KeyField?)null)
            .ToArray();
    }

    private static FieldOp OpFor(ColumnKind kind) => kind switch
    {
        ColumnKind.Array => FieldOp.JsonArray,
        ColumnKind.Date => FieldOp.Date,
        ColumnKind.Timestamp => FieldOp.Timestamp,
        ColumnKind.Decimal => FieldOp.FiniteDecimal,
        _ => FieldOp.Pass,
    };
}
