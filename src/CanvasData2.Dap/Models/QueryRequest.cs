namespace CanvasData2.Dap;

/// <summary>Format of query results.</summary>
public enum DataFormat
{
    Tsv,
    Csv,
    Jsonl,
    Parquet,
}

/// <summary>Column layout of results: nested values as one JSON column (condensed) or flattened (expanded).</summary>
public enum QueryMode
{
    Condensed,
    Expanded,
}

/// <summary>
/// Body of a query: a snapshot when <see cref="Since"/> is null, else an incremental query
/// (<c>since</c> inclusive, <c>until</c> exclusive, both sent as UTC RFC 3339 with <c>Z</c>).
/// </summary>
public sealed record QueryRequest(
    DataFormat Format = DataFormat.Tsv,
    QueryMode? Mode = QueryMode.Condensed,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null)
{
    public static QueryRequest Snapshot(DataFormat format = DataFormat.Tsv) => new(format);

    public static QueryRequest Incremental(DateTimeOffset since, DataFormat format = DataFormat.Tsv, DateTimeOffset? until = null)
        => new(format, QueryMode.Condensed, since, until);
}
