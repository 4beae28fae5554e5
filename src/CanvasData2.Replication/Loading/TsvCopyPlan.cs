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

    public TsvCopyPlan(TableName table, IReadOnlyList<string> copyColumns, FieldOp[] ops, string?[] fieldColumns, int keyField)
    {
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

        PassTailStart = tail;
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

    /// <summary>Index of the (first) key field, for error messages; -1 when none.</summary>
    public int KeyField { get; }
}
