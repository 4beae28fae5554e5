namespace CanvasData2.Model;

/// <summary>Placeholders DAP writes instead of a value.</summary>
public static class DapValues
{
    /// <summary>What DAP writes in place of a value too large to serve (its schemas allow it beside the real type).</summary>
    public const string OversizedTruncated = "__dap_oversized_truncated__";

    /// <summary>
    /// What every spelling of <see cref="OversizedTruncated"/> ends with: older data and Instructure's FAQ spell it
    /// <c>__cd2_oversized_truncated__</c> (also upper-case CD2).
    /// </summary>
    public const string OversizedTruncatedSuffix = "_oversized_truncated__";
}
