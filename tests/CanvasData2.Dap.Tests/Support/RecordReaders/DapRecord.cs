namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>What a record does to the replica.</summary>
public enum DapAction
{
    /// <summary><c>U</c>, or any snapshot record: insert or replace the row.</summary>
    Upsert,

    /// <summary><c>D</c>: delete the row with this key (it may never have existed).</summary>
    Delete,
}

/// <summary>
/// One record of a DAP result file. Values are text as PostgreSQL's text input expects them: strings as-is,
/// numbers exactly as written (any size), booleans <c>true</c>/<c>false</c>, nested objects and arrays as
/// JSON text; <see langword="null"/> is SQL NULL. Column names drop the <c>key.</c>/<c>value.</c> prefix.
/// </summary>
/// <param name="Ts">The <c>meta.ts</c> commit time (UTC), when the file has it.</param>
/// <param name="Action">The <c>meta.action</c>; snapshots carry none and are upserts.</param>
/// <param name="Key">Primary-key columns.</param>
/// <param name="Value">Other columns; empty for a delete in JSONL, all null for a delete in TSV/CSV.</param>
public sealed record DapRecord(
    DateTimeOffset? Ts,
    DapAction Action,
    IReadOnlyDictionary<string, string?> Key,
    IReadOnlyDictionary<string, string?> Value);
