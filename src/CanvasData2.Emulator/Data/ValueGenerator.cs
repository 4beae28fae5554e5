using System.Globalization;
using System.Text;
using CanvasData2.Emulator.Schemas;
using CanvasData2.Shared;

namespace CanvasData2.Emulator.Data;

/// <summary>Deterministic values: each cell is a pure function of its hash (seed, table, key, write step, column).</summary>
internal static class ValueGenerator
{
    private static readonly DateTime Epoch = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private const int PoolSize = 4096;

    public static Cell Generate(ColumnSpec column, ulong hash, long keyIndex)
    {
        // Nullable columns are null one time in eight; edge values one time in sixteen.
        if (column.Nullable && (hash & 7) == 0)
        {
            return Cell.Null;
        }

        // Costly kinds come from a per-column pool of pre-generated values: no formatting or allocation per row.
        return IsPooled(column.Kind) && column.MinLength is null && column.MinItems is null
            ? (column.Pool ?? FillPool(column))[(hash >> 3) & (PoolSize - 1)]
            : Fresh(column, hash, keyIndex);
    }

    private static bool IsPooled(ValueFamily kind) => kind is ValueFamily.Text or ValueFamily.TruncatableText or ValueFamily.Float32
        or ValueFamily.Float64 or ValueFamily.Decimal or ValueFamily.Date or ValueFamily.Time or ValueFamily.Ipv4 or ValueFamily.Ipv6
        or ValueFamily.IpAny or ValueFamily.Object or ValueFamily.Array;

    /// <summary>Fills the pool; racing threads build identical pools, so the last write wins harmlessly.</summary>
    private static Cell[] FillPool(ColumnSpec column)
    {
        var pool = new Cell[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            pool[i] = Fresh(column, StableHash.Combine(column.Salt, (ulong)i), i + 1);
        }

        return column.Pool = pool;
    }

    private static Cell Fresh(ColumnSpec column, ulong hash, long keyIndex)
    {
        var h = StableHash.Mix(hash);
        var edge = (h & 15) == 0;
        var pick = h >> 8;
        return column.Kind switch
        {
            ValueFamily.Int16 => Cell.Of(Bounded(column, pick, edge ? short.MinValue : (long)(pick % 1000))),
            ValueFamily.Int32 => Cell.Of(Bounded(column, pick, edge ? int.MaxValue : (long)(pick % 100_000))),
            ValueFamily.Int64 or ValueFamily.Integer => Cell.Of(Bounded(column, pick,
                edge ? SamplePools.Int64Edges[pick % (ulong)SamplePools.Int64Edges.Length] : keyIndex * 7 + (long)(pick % 7))),
            ValueFamily.IntegerEnum => Cell.Of(column.IntegerLabels[(int)(pick % (ulong)column.IntegerLabels.Count)]),
            ValueFamily.Float64 => Cell.Of(edge ? SamplePools.Floats[pick % (ulong)SamplePools.Floats.Length] : (pick % 100_000) / 4.0),
            ValueFamily.Float32 => Cell.Of((double)(edge ? SamplePools.Floats32[pick % (ulong)SamplePools.Floats32.Length] : (pick % 10_000) / 8f)),
            ValueFamily.Decimal => new Cell(CellKind.Number, Text: (((long)(pick % 99_999_999) - 49_999_999) / 100m).ToString("0.0#", CultureInfo.InvariantCulture)),
            ValueFamily.Boolean => Cell.Of((pick & 1) == 1),
            ValueFamily.Text => Cell.OfText(Text(column, pick, edge, keyIndex)),
            ValueFamily.TruncatableText => Cell.OfText(edge ? "__dap_oversized_truncated__" : Text(column, pick, (pick & 3) == 0, keyIndex)),
            ValueFamily.Enum => Cell.OfPlain(column.Labels[(int)(pick % (ulong)column.Labels.Count)]),
            ValueFamily.Const => Cell.OfPlain(column.ConstValue!),
            ValueFamily.DateTime => Cell.OfTimestamp(edge
                ? ((pick & 1) == 0 ? SamplePools.MinTime : SamplePools.MaxTime)
                : Epoch.AddTicks((long)(pick % 220_000_000) * TimeSpan.TicksPerSecond + ((pick & 2) == 0 ? 0 : (long)(pick % 1_000_000) * 10))),
            ValueFamily.Date => Cell.OfPlain(DateOnly.FromDateTime(Epoch.AddDays(pick % 3000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ValueFamily.Time => Cell.OfPlain(ValueText.Time((long)(pick % 86_400) * 1_000_000 + ((pick & 2) == 0 ? 0 : (long)(pick % 1_000_000)))),
            ValueFamily.Uuid => Cell.OfUuid(h),
            ValueFamily.Ipv4 => Cell.OfPlain(Ipv4(pick, edge)),
            ValueFamily.Ipv6 => Cell.OfPlain(SamplePools.Ipv6[pick % (ulong)SamplePools.Ipv6.Length]),
            ValueFamily.IpAny => Cell.OfPlain((pick & 1) == 0 ? Ipv4(pick >> 1, edge) : SamplePools.Ipv6[pick % (ulong)SamplePools.Ipv6.Length]),
            ValueFamily.Object => NestedObject(column, h, keyIndex),
            ValueFamily.Array => NestedArray(column, h, keyIndex),
            _ => throw new InvalidOperationException($"Column '{column.Name}': no generator for {column.Kind}."),
        };
    }

    /// <summary>The unbounded value, or a value inside the schema's `minimum`/`maximum` when it has them.</summary>
    private static long Bounded(ColumnSpec column, ulong pick, long unbounded)
    {
        if (column.Minimum is null && column.Maximum is null)
        {
            return unbounded;
        }

        var min = column.Minimum ?? 0;
        var max = column.Maximum ?? min + 1_000_000;
        return min + (long)(pick % ((ulong)(max - min) + 1));
    }

    private static string Text(ColumnSpec column, ulong pick, bool special, long keyIndex)
    {
        var text = special
            ? SamplePools.Texts[pick % (ulong)SamplePools.Texts.Length]
            : string.Create(CultureInfo.InvariantCulture, $"{SamplePools.Words[pick % (ulong)SamplePools.Words.Length]} {keyIndex} {(pick >> 20) % 1000}");
        if (column.MaxLength is { } max && text.Length > max)
        {
            var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
            text = text[..cut];
        }

        // A long value (schema minLength): the text, then a repeated filler up to the length.
        return column.MinLength is { } min && text.Length < min ? text + new string('x', min - text.Length) : text;
    }

    private static string Ipv4(ulong pick, bool edge) => edge
        ? SamplePools.Ipv4[pick % (ulong)SamplePools.Ipv4.Length]
        : string.Create(CultureInfo.InvariantCulture, $"10.{(pick >> 8) & 255}.{(pick >> 16) & 255}.{pick & 255}");

    private static Cell NestedObject(ColumnSpec column, ulong hash, long keyIndex)
    {
        var sb = new StringBuilder("{");
        var any = false;
        foreach (var child in column.Children)
        {
            var cell = Generate(child, StableHash.Combine(hash, child.Salt), keyIndex);
            if (cell.Kind == CellKind.Null)
            {
                continue;
            }

            if (any)
            {
                sb.Append(',');
            }

            JsonStrings.Append(sb, child.Name);
            sb.Append(':');
            ValueText.AppendJson(sb, cell);
            any = true;
        }

        return any ? new Cell(CellKind.Json, Text: sb.Append('}').ToString()) : Cell.Null;
    }

    private static Cell NestedArray(ColumnSpec column, ulong hash, long keyIndex)
    {
        var sb = new StringBuilder("[");
        var count = Math.Max((int)(hash % 4), column.MinItems ?? 0);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            ValueText.AppendJson(sb, Generate(column.Items!, StableHash.Combine(hash, (ulong)i + 1), keyIndex));
        }

        return new Cell(CellKind.Json, Text: sb.Append(']').ToString());
    }
}
