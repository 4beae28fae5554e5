namespace CanvasData2.Replication.Loading;

/// <summary>What the loader does with one TSV field on its way to COPY. Only a few kinds need any work.</summary>
internal enum FieldOp : byte
{
    /// <summary>Not sent (<c>meta.ts</c> and other meta columns).</summary>
    Drop,

    /// <summary>Sent byte for byte: DAP's TSV escaping is COPY text escaping.</summary>
    Pass,

    /// <summary>A JSON array turned into a PostgreSQL array literal (then COPY-escaped).</summary>
    JsonArray,

    /// <summary>A date: the extremes become <c>-infinity</c>/<c>infinity</c> as the official client stores them.</summary>
    Date,

    /// <summary>A date-time: the extremes become <c>-infinity</c>/<c>infinity</c>.</summary>
    Timestamp,

    /// <summary>A decimal: NaN and infinities are refused (PostgreSQL numeric would take them silently).</summary>
    FiniteDecimal,

    /// <summary><c>meta.action</c> of an incremental: exactly <c>U</c> or <c>D</c>, else the object fails (never silently dropped).</summary>
    Action,
}
