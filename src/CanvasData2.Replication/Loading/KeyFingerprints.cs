using System.Buffers.Binary;
using System.Buffers.Text;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// A 64-bit fingerprint of each change row's key, in row order, collected while the loader streams an object, so
/// the commit can tell from the ledger alone which rows a later row of the same key supersedes, without a pass
/// over the staging table. Fingerprints are of the key's value as PostgreSQL compares it: integers by number ("01"
/// and "1" are one key), text byte for byte. A key of one integer column is its own fingerprint, so equal
/// fingerprints are equal keys (<see cref="IsExact"/>); other keys are hashed, and there equal fingerprints only
/// say that the keys may be equal. A key of another type, a text key with an escape, or an object with more than
/// <see cref="MaxKeys"/> rows gives up (<see cref="Result"/> null), and the commit then de-duplicates in SQL. Each
/// key field is hashed on its own and the row's fingerprint combines them in the model's key order, since objects
/// may spell a composite key's fields in any order in their headers.
/// </summary>
internal sealed class KeyFingerprints(int keyCount)
{
    /// <summary>Beyond this many rows an object is not fingerprinted (8 bytes each; bounds the loader's memory).</summary>
    public const int MaxKeys = 2_000_000;

    /// <summary>Fingerprint bytes a commit reads at most for a job (four objects at their bound: 64 MB); beyond it the SQL pass runs.</summary>
    public const long MaxJobBytes = 4L * MaxKeys * sizeof(ulong);

    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private readonly ulong[] _fields = new ulong[keyCount];
    private List<ulong>? _keys = [];
    private long _firstOrder;

    /// <summary>Whether every key column is of a kind whose value a fingerprint can stand for.</summary>
    public static bool Supports(ColumnKind kind) => IsInteger(kind) || kind is ColumnKind.Text;

    /// <summary>Whether the table's fingerprints are its keys themselves (one integer column), so equal means equal.</summary>
    public static bool IsExact(TableModel model)
        => model.PrimaryKey.Count == 1 && IsInteger(model.Columns.Single(c => c.Name == model.PrimaryKey[0]).Kind);

    private static bool IsInteger(ColumnKind kind) => kind is ColumnKind.SmallInt or ColumnKind.Integer or ColumnKind.BigInt;

    /// <summary>Adds the key field at <paramref name="keyOrder"/> (its place in the model's key) of the current row.</summary>
    public void Add(int keyOrder, ColumnKind kind, ReadOnlySpan<byte> value)
    {
        if (_keys is null)
        {
            return;
        }

        if (kind is ColumnKind.Text)
        {
            if (value.IndexOf((byte)'\\') >= 0)
            {
                _keys = null;
                return;
            }

            _fields[keyOrder] = Hash(value);
        }
        else if (Utf8Parser.TryParse(value, out long parsed, out var consumed) && consumed == value.Length)
        {
            _fields[keyOrder] = _fields.Length == 1 ? unchecked((ulong)parsed) : HashNumber(parsed);
        }
        else
        {
            _keys = null;
        }
    }

    private static ulong HashNumber(long value)
    {
        Span<byte> number = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(number, value);
        return Hash(number);
    }

    /// <summary>FNV-1a over the value, then its length, so that composite keys ("ab","c") and ("a","bc") differ.</summary>
    private static ulong Hash(ReadOnlySpan<byte> value, ulong hash = Offset)
    {
        foreach (var b in value)
        {
            hash = (hash ^ b) * Prime;
        }

        hash = (hash ^ 0xFF) * Prime;
        return (hash ^ (ulong)value.Length) * Prime;
    }

    /// <summary>
    /// Ends the current row, whose order value (<see cref="TsvCopyPlan.OrderColumn"/>) is <paramref name="order"/>:
    /// an object's rows have consecutive orders, so only the first is kept.
    /// </summary>
    public void EndRow(long order)
    {
        if (_keys is null)
        {
            return;
        }

        if (_keys.Count == 0)
        {
            _firstOrder = order;
        }

        if (_keys.Count == MaxKeys || order != _firstOrder + _keys.Count)
        {
            _keys = null;
            return;
        }

        if (_fields.Length == 1)
        {
            _keys.Add(_fields[0]);
            return;
        }

        var row = Offset;
        Span<byte> field = stackalloc byte[sizeof(ulong)];
        foreach (var hash in _fields)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(field, hash);
            row = Hash(field, row);
        }

        _keys.Add(row);
    }

    /// <summary>
    /// The object's first order value, then its rows' fingerprints in row order, as little-endian bytes (empty when
    /// it has no rows); null when they cannot vouch for the object.
    /// </summary>
    public byte[]? Result()
    {
        if (_keys is null)
        {
            return null;
        }

        if (_keys.Count == 0)
        {
            return [];
        }

        var bytes = new byte[(_keys.Count + 1) * sizeof(ulong)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, _firstOrder);
        for (var i = 0; i < _keys.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((i + 1) * sizeof(ulong)), _keys[i]);
        }

        return bytes;
    }

    /// <summary>
    /// The order values of the rows that a later row of the same key supersedes (empty when no key repeats); null
    /// when the fingerprints cannot tell: an object has none, or fingerprints repeat and are not <paramref name="exact"/>.
    /// </summary>
    public static long[]? Superseded(IReadOnlyList<byte[]?> objects, bool exact)
    {
        if (objects.Any(o => o is null))
        {
            return null;
        }

        var total = objects.Sum(o => Math.Max(0, (o!.Length / sizeof(ulong)) - 1));
        var keys = new ulong[total];
        var orders = new long[total];
        var at = 0;
        foreach (var bytes in objects)
        {
            var first = bytes!.Length == 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(bytes);
            for (var i = sizeof(ulong); i < bytes.Length; i += sizeof(ulong), at++)
            {
                keys[at] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i));
                orders[at] = first + (i / sizeof(ulong)) - 1;
            }
        }

        Array.Sort(keys, orders);
        var superseded = new List<long>();
        for (var start = 0; start < total;)
        {
            var end = start + 1;
            while (end < total && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                if (!exact)
                {
                    return null;
                }

                // The row of the highest order stays; every other row of the key is superseded.
                var last = start;
                for (var i = start + 1; i < end; i++)
                {
                    last = orders[i] > orders[last] ? i : last;
                }

                for (var i = start; i < end; i++)
                {
                    if (i != last)
                    {
                        superseded.Add(orders[i]);
                    }
                }
            }

            start = end;
        }

        return [.. superseded];
    }
}
