using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>PostgreSQL COPY text format with DAP's header: `meta.ts`, `meta.action` (incremental only), `key.*`, `value.*`.</summary>
internal sealed class TsvRecordWriter : RecordWriter
{
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
            default: WriteEscaped(cell.Text!); break;
        }
    }

    private void WriteEscaped(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escape = text[i] switch
            {
                '\\' => '\\',
                '\n' => 'n',
                '\r' => 'r',
                '\t' => 't',
                '\b' => 'b',
                '\f' => 'f',
                '\v' => 'v',
                '\0' => '0',
                _ => '\0',
            };
            if (escape == '\0')
            {
                continue;
            }

            Out.Write(text.AsSpan(start, i - start));
            Out.Write('\\');
            Out.Write(escape);
            start = i + 1;
        }

        Out.Write(text.AsSpan(start));
    }
}
