using System.Buffers;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>PostgreSQL COPY text format with DAP's header: `meta.ts`, `meta.action` (incremental only), `key.*`, `value.*`.</summary>
internal sealed class TsvRecordWriter : RecordWriter
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\n\r\t\b\f\v\0");

    public TsvRecordWriter(string path, TableLayout layout, bool incremental)
        : base(path, layout, incremental)
    {
        Out.Write("meta.ts");
        if (incremental)
        {
            Out.Write("\tmeta.action");
        }

        foreach (var key in layout.Keys)
        {
            Out.Write("\tkey.");
            Out.Write(key.Name);
        }

        foreach (var value in layout.Values)
        {
            Out.Write("\tvalue.");
            Out.Write(value.Name);
        }

        Out.Write('\n');
    }

    protected override void WriteRecord(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values)
    {
        Out.Write(ts);
        if (Incremental)
        {
            Out.Write(delete ? "\tD" : "\tU");
        }

        foreach (var key in keys)
        {
            Out.Write('\t');
            WriteCell(key);
        }

        for (var i = 0; i < Layout.Values.Count; i++)
        {
            Out.Write('\t');
            if (delete)
            {
                Out.Write("\\N");
            }
            else
            {
                WriteCell(values[i]);
            }
        }

        Out.Write('\n');
    }

    private void WriteCell(in Cell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Null: Out.Write("\\N"); break;
            case CellKind.Integer: WriteInteger(cell.Integer); break;
            case CellKind.Float: Out.Write(ValueText.Float(cell.Float)); break;
            case CellKind.Boolean: Out.Write(cell.Integer != 0 ? "true" : "false"); break;
            case CellKind.Plain or CellKind.Number: Out.Write(cell.Text); break;
            case CellKind.Timestamp or CellKind.Uuid:
                Span<char> buffer = stackalloc char[40];
                Out.Write(buffer[..cell.FormatDeferred(buffer)]);
                break;
            default: WriteEscaped(cell.Text!); break;
        }
    }

    private void WriteEscaped(string text)
    {
        var rest = text.AsSpan();
        int next;
        while ((next = rest.IndexOfAny(Escaped)) >= 0)
        {
            Out.Write(rest[..next]);
            Out.Write('\\');
            Out.Write(rest[next] switch
            {
                '\\' => '\\',
                '\n' => 'n',
                '\r' => 'r',
                '\t' => 't',
                '\b' => 'b',
                '\f' => 'f',
                '\v' => 'v',
                _ => '0',
            });
            rest = rest[(next + 1)..];
        }

        Out.Write(rest);
    }
}
