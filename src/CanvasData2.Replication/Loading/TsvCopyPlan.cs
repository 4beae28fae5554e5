using CanvasData2.Model;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// How the fields of one TSV object map to the staging table: the COPY column list (in file order) and
/// one <see cref="FieldOp"/> per file field. Built once per object from its header.
/// </summary>
internal sealed class TsvCopyPlan
{
    /// <summary>The staging column that holds <c>meta.action</c> of an incremental.</summary>
    public const string ActionColumn = "meta.action";

    /// <summary>
    /// The staging column that orders rows within a job: object ordinal × 2³² + line. Parallel loads fill one
    /// staging table, so a repeated key's last occurrence is found by this, not by physical position.
    /// </summary>
    public const string OrderColumn = "meta.order";

    /// <summary>The first order value of the object at <paramref name="ordinal"/> in the job's list.</summary>
    public static long OrderBase(int ordinal) => (long)ordinal << 32;

    public TsvCopyPlan(TableName table, IReadOnlyList<string> copyColumns, FieldOp[] ops, string?[] fieldColumns, int keyField, KeyField?[]? fingerprintKeys = null)
    {
        FingerprintKeys = fingerprintKeys;
        Table = table;
        KeyField = keyField;
        CopyColumns = copyColumns;
        Ops = ops;
        FieldColumns = fieldColumns;
        var tail = ops.Length;
        while (tail > 0 && ops[tail - 1] == FieldOp.Pass)
        {
            tail--;
        }

        // Fingerprinted key fields are read one by one, so the block copy starts after the last of them.
        var lastKey = fingerprintKeys is null ? -1 : Array.FindLastIndex(fingerprintKeys, k => k is not null);
        PassTailStart = Math.Max(tail, lastKey + 1);
    }

    public TableName Table { get; }

    /// <summary>Staging columns in the order the fields are sent.</summary>
    public IReadOnlyList<string> CopyColumns { get; }

    /// <summary>One operation per field of the file.</summary>
    public FieldOp[] Ops { get; }

    /// <summary>Column name per field of the file (for error messages); null for meta fields.</summary>
    public string?[] FieldColumns { get; }

    /// <summary>From this field on every field is passed through, so the rest of a line is copied in one block.</summary>
    public int PassTailStart { get; }

    /// <summary>
    /// Per field, the key column it holds (its place in the model's key and its kind), or null: set for change
    /// objects whose key kinds <see cref="KeyFingerprints"/> supports (null array otherwise: no fingerprints).
    /// </summary>
    public KeyField?[]? FingerprintKeys { get; }

    /// <summary>The number of key columns the fingerprints combine.</summary>
    public int KeyCount => FingerprintKeys?.Count(k => k is not null) ?? 0;

    /// <summary>Index of the (first) key field, for error messages; -1 when none.</summary>
    public int KeyField { get; }
}

/// <summary>A key column as a field of the file holds it: its place in the model's key, and its kind.</summary>
internal readonly record struct KeyField(int KeyOrder, ColumnKind Kind);
