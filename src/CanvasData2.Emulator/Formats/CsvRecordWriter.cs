using System.Globalization;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>RFC 4180 with a header; unquoted `NULL` is null, text is always quoted. Nested values stay one JSON column.</summary>
internal sealed class CsvRecordWriter : RecordWriter
{
    public CsvRecordWriter(string path, TableLayout layout, bool incremental)
        : base(path, layout, incremental)
    {
        var header = new List<string> { "meta.ts" };
        if (incremental)
        {
            header.Add("meta.action");
        }

        header.AddRange(layout.Keys.Select(k => "key." + k.Name));
        header.AddRange(layout.Values.Select(v => "value." + v.Name));
        Out.Write(string.Join(',', header));
        Out.Write("\r\n");
    }

    protected override void WriteRecord(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values)
    {
        Out.Write(ts);
        if (Incremental)
        {
            Out.Write(delete ? ",D" : ",U");
        }

        foreach (var key in keys)
        {
            Out.Write(',');
            WriteCell(key);
        }

        for (var i = 0; i < Layout.Values.Count; i++)
        {
            Out.Write(',');
            WriteCell(delete ? Cell.Null : values[i]);
        }

        Out.Write("\r\n");
    }

    private void WriteCell(in Cell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Null: Out.Write("NULL"); break;
            case CellKind.Integer: WriteInteger(cell.Integer); break;
            case CellKind.Float: Out.Write(ValueText.Float(cell.Float)); break;
            case CellKind.Boolean: Out.Write(cell.Integer != 0 ? "true" : "false"); break;
            case CellKind.Number: Out.Write(cell.Text); break;
            case CellKind.Timestamp or CellKind.Uuid:
                Span<char> buffer = stackalloc char[40];
                Out.Write(buffer[..cell.FormatDeferred(buffer)]);
                break;
            default: Out.Write(string.Create(CultureInfo.InvariantCulture, $"\"{cell.Text!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")); break;
        }
    }
}
