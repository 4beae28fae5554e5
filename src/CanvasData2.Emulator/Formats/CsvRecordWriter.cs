using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>RFC 4180 with a header; unquoted `NULL` is null, text is always quoted. Nested values stay one JSON column.</summary>
internal sealed class CsvRecordWriter(string path, TableLayout layout, bool incremental)
    : DelimitedRecordWriter(path, layout, incremental, separator: ',', lineEnd: "\r\n", nullToken: "NULL")
{
    protected override void WriteText(in Cell cell)
    {
        Out.Write('"');
        Out.Write(cell.Text!.Replace("\"", "\"\"", StringComparison.Ordinal));
        Out.Write('"');
    }
}
