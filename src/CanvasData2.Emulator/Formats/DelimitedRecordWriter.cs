using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>
/// DAP's delimited formats, written once: a header line (<c>meta.ts</c>, <c>meta.action</c> for incremental jobs,
/// <c>key.*</c>, <c>value.*</c>), then one line per record; a delete carries nulls for every value. The formats
/// differ only in separator, line end, null token and how a text cell is quoted or escaped.
/// </summary>
internal abstract class DelimitedRecordWriter : RecordWriter
{
    private readonly char _separator;
    private readonly string _lineEnd;
    private readonly string _null;

    protected DelimitedRecordWriter(string path, TableLayout layout, bool incremental, char separator, string lineEnd, string nullToken)
        : base(path, layout, incremental)
    {
        _separator = separator;
        _lineEnd = lineEnd;
        _null = nullToken;
        Out.Write("meta.ts");
        if (incremental)
        {
            Out.Write(separator);
            Out.Write("meta.action");
        }

        WriteHeader("key.", layout.Keys);
        WriteHeader("value.", layout.Values);
        Out.Write(lineEnd);
    }

    protected sealed override void WriteRecord(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values)
    {
        Out.Write(ts);
        if (Incremental)
        {
            Out.Write(_separator);
            Out.Write(delete ? 'D' : 'U');
        }

        foreach (var key in keys)
        {
            Out.Write(_separator);
            WriteCell(key);
        }

        for (var i = 0; i < Layout.Values.Count; i++)
        {
            Out.Write(_separator);
            if (delete)
            {
                Out.Write(_null);
            }
            else
            {
                WriteCell(values[i]);
            }
        }

        Out.Write(_lineEnd);
    }

    /// <summary>Writes a text cell (any kind not written the same way by both formats) quoted or escaped.</summary>
    protected abstract void WriteText(in Cell cell);

    private void WriteHeader(string prefix, IReadOnlyList<ColumnSpec> columns)
    {
        foreach (var column in columns)
        {
            Out.Write(_separator);
            Out.Write(prefix);
            Out.Write(column.Name);
        }
    }

    private void WriteCell(in Cell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Null:
                Out.Write(_null);
                break;
            case CellKind.Integer:
                WriteInteger(cell.Integer);
                break;
            case CellKind.Float:
                Out.Write(ValueText.Float(cell.Float));
                break;
            case CellKind.Boolean:
                Out.Write(cell.Integer != 0 ? "true" : "false");
                break;
            case CellKind.Number:
                Out.Write(cell.Text);
                break;
            case CellKind.Timestamp or CellKind.Uuid:
                Span<char> buffer = stackalloc char[40];
                Out.Write(buffer[..cell.FormatDeferred(buffer)]);
                break;
            default:
                WriteText(cell);
                break;
        }
    }
}
