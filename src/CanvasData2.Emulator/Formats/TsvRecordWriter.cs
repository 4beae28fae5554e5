using System.Buffers;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Formats;

/// <summary>PostgreSQL COPY text format with DAP's header: `meta.ts`, `meta.action` (incremental only), `key.*`, `value.*`.</summary>
internal sealed class TsvRecordWriter(string path, TableLayout layout, bool incremental)
    : DelimitedRecordWriter(path, layout, incremental, separator: '\t', lineEnd: "\n", nullToken: "\\N")
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\n\r\t\b\f\v\0");

    protected override void WriteText(in Cell cell)
    {
        if (cell.Kind == CellKind.Plain)
        {
            Out.Write(cell.Text);
            return;
        }

        var rest = cell.Text.AsSpan();
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
