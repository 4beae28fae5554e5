using CanvasData2.Dap;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>
/// Streams the records of a decompressed DAP object (what <see cref="IDapClient.OpenObjectAsync"/> returns)
/// one at a time, never loading the file. Malformed input fails with a <see cref="DapException"/> of kind
/// <see cref="DapErrorKind.Protocol"/> naming the line and column. The stream is left open.
/// </summary>
public static class DapRecordReader
{
    /// <summary>Records of a file in <paramref name="format"/>. Parquet is not read by this library.</summary>
    public static IAsyncEnumerable<DapRecord> ReadAsync(Stream stream, DataFormat format, CancellationToken cancellationToken = default) => format switch
    {
        DataFormat.Tsv => ReadTsvAsync(stream, cancellationToken),
        DataFormat.Jsonl => ReadJsonlAsync(stream, cancellationToken),
        DataFormat.Csv => ReadCsvAsync(stream, cancellationToken),
        _ => throw new NotSupportedException($"Reading {format} records is not supported; query DAP with format tsv, jsonl or csv."),
    };

    /// <summary>TSV in PostgreSQL COPY text format (what the official <c>initdb</c>/<c>syncdb</c> use).</summary>
    public static IAsyncEnumerable<DapRecord> ReadTsvAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TsvRecordReader.ReadAsync(stream, cancellationToken);
    }

    /// <summary>JSON Lines: <c>{"meta", "key", "value"}</c> per line.</summary>
    public static IAsyncEnumerable<DapRecord> ReadJsonlAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return JsonlRecordReader.ReadAsync(stream, cancellationToken);
    }

    /// <summary>RFC 4180 CSV with DAP's NULL convention.</summary>
    public static IAsyncEnumerable<DapRecord> ReadCsvAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return CsvRecordReader.ReadAsync(stream, cancellationToken);
    }
}
