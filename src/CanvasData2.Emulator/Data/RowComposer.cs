using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Data;

/// <summary>
/// Builds the key and value cells of one row in the layout of the job's schema version. A row written at step w
/// takes its values from the version whose values were in force at w, so old rows never change retroactively.
/// </summary>
internal sealed class RowComposer
{
    private readonly TableVersion[] _versions;
    private readonly int[][] _columnMaps;
    private readonly ulong _tableHash;

    public RowComposer(IReadOnlyList<TableVersion> versions, TableVersion target, ulong tableHash)
    {
        _versions = [.. versions.Where(v => v.Version <= target.Version)];
        Layout = target.Layout;
        _tableHash = tableHash;
        _columnMaps = [.. _versions.Select(v => Layout.Values.Select(c => v.Layout.ValueIndex(c.Name)).ToArray())];
    }

    public TableLayout Layout { get; }

    public void ComposeKey(long key, Span<Cell> cells)
    {
        for (var i = 0; i < Layout.Keys.Count; i++)
        {
            var column = Layout.Keys[i];
            var hash = StableHash.Combine(_tableHash, (ulong)key, column.Salt);
            cells[i] = column.Kind switch
            {
                ValueFamily.Int16 or ValueFamily.Int32 or ValueFamily.Int64 or ValueFamily.Integer => Cell.Of(i == 0 ? key : key % 97),
                ValueFamily.Uuid => Cell.OfUuid(hash),
                _ => Cell.OfPlain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{column.Name}-{key}")),
            };
        }
    }

    public void ComposeValues(long key, int writeStep, Span<Cell> cells)
    {
        var versionIndex = VersionForValues(writeStep);
        var source = _versions[versionIndex].Layout.Values;
        var map = _columnMaps[versionIndex];
        var rowHash = StableHash.Combine(_tableHash, (ulong)key, (ulong)writeStep + 0x1000);
        for (var i = 0; i < map.Length; i++)
        {
            var sourceIndex = map[i];
            cells[i] = sourceIndex < 0
                ? Cell.Null
                : ValueGenerator.Generate(source[sourceIndex], StableHash.Combine(rowHash, source[sourceIndex].Salt), key);
        }
    }

    private int VersionForValues(int writeStep)
    {
        for (var i = _versions.Length - 1; i > 0; i--)
        {
            if (_versions[i].ValuesFromStep <= writeStep)
            {
                return i;
            }
        }

        return 0;
    }
}
