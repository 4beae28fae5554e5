using System.IO.Compression;
using System.Text;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>Writes one object file: a single gzip member of UTF-8 records in one of DAP's text formats.</summary>
internal abstract class RecordWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    protected RecordWriter(string path, TableLayout layout, bool incremental)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Out = new CharBuffer(new StreamWriter(new GZipStream(file, CompressionLevel.Fastest), Utf8, 1 << 16));
        Layout = layout;
        Incremental = incremental;
    }

    public long Count { get; private set; }

    protected CharBuffer Out { get; }

    protected TableLayout Layout { get; }

    protected bool Incremental { get; }

    public static RecordWriter Create(QueryFormat format, string path, TableLayout layout, bool incremental) => format switch
    {
        QueryFormat.Tsv => new TsvRecordWriter(path, layout, incremental),
        QueryFormat.Jsonl => new JsonlRecordWriter(path, layout, incremental),
        QueryFormat.Csv => new CsvRecordWriter(path, layout, incremental),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No writer for this format."),
    };

    /// <summary>Writes one record; <paramref name="values"/> is empty for a delete.</summary>
    public void Write(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values)
    {
        WriteRecord(ts, delete, keys, values);
        Count++;
    }

    protected abstract void WriteRecord(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values);

    protected void WriteInteger(long value)
    {
        Span<char> buffer = stackalloc char[24];
        value.TryFormat(buffer, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Out.Write(buffer[..written]);
    }

    public void Dispose()
    {
        Out.Dispose();
        GC.SuppressFinalize(this);
    }
}
