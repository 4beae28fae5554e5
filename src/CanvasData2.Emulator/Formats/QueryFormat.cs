namespace CanvasData2.Emulator.Formats;

internal enum QueryFormat
{
    Tsv,
    Csv,
    Jsonl,
    Parquet,
}

internal static class QueryFormatNames
{
    public static string Extension(this QueryFormat format) => format switch
    {
        QueryFormat.Tsv => ".tsv.gz",
        QueryFormat.Csv => ".csv.gz",
        QueryFormat.Jsonl => ".jsonl.gz",
        _ => ".parquet",
    };

    public static QueryFormat? Parse(string? text) => text switch
    {
        "tsv" => QueryFormat.Tsv,
        "csv" => QueryFormat.Csv,
        "jsonl" => QueryFormat.Jsonl,
        "parquet" => QueryFormat.Parquet,
        _ => null,
    };
}
