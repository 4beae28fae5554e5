using System.Text;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Schemas;
using CanvasData2.Shared;

namespace CanvasData2.Emulator.Formats;

/// <summary>`{"meta": {...}, "key": {...}, "value": {...}}` per line; nulls omitted; deletes have no `value`.</summary>
internal sealed class JsonlRecordWriter(string path, TableLayout layout, bool incremental) : RecordWriter(path, layout, incremental)
{
    private readonly StringBuilder _line = new();

    protected override void WriteRecord(string ts, bool delete, ReadOnlySpan<Cell> keys, ReadOnlySpan<Cell> values)
    {
        _line.Clear().Append("{\"meta\":{\"ts\":\"").Append(ts).Append('"');
        if (Incremental)
        {
            _line.Append(",\"action\":\"").Append(delete ? 'D' : 'U').Append('"');
        }

        _line.Append("},\"key\":");
        AppendObject(Layout.Keys, keys);
        if (!delete)
        {
            _line.Append(",\"value\":");
            AppendObject(Layout.Values, values);
        }

        Out.Write(_line.Append("}\n"));
    }

    private void AppendObject(IReadOnlyList<ColumnSpec> columns, ReadOnlySpan<Cell> cells)
    {
        _line.Append('{');
        var first = true;
        for (var i = 0; i < columns.Count; i++)
        {
            if (cells[i].Kind == CellKind.Null)
            {
                continue;
            }

            if (!first)
            {
                _line.Append(',');
            }

            JsonStrings.Append(_line, columns[i].Name);
            _line.Append(':');
            ValueText.AppendJson(_line, cells[i]);
            first = false;
        }

        _line.Append('}');
    }
}
