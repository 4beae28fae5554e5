using System.Buffers.Binary;
using System.Buffers.Text;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Loading;

/// <summary>
/// A 64-bit fingerprint of each change row's key, collected while the loader streams an object, so the commit can
/// tell from the ledger alone that no key repeats within the job and skip the de-duplication pass over the
/// staging table. Fingerprints are of the key's value as PostgreSQL compares it: integers by number ("01" and
/// "1" are one key), text byte for byte. A key of another type, a text key with an escape, or an object with more
/// than <see cref="MaxKeys"/> rows gives up (<see cref="Result"/> null), and the commit then de-duplicates as
/// before. A fingerprint collision only costs that same pass. Each key field is hashed on its own and the row's
/// fingerprint combines them in the model's key order, since objects may spell a composite key's fields in any
/// order in their headers.
/// </summary>
internal sealed class KeyFingerprints(int keyCount)
{
    /// <summary>Beyond this many rows an object is not fingerprinted (8 bytes each; bounds the loader's memory).</summary>
    public const int MaxKeys = 2_000_000;

    /// <summary>Fingerprint bytes a commit reads at most for a job (four objects at their bound: 64 MB); beyond it the pass runs.</summary>
    public const long MaxJobBytes = 4L * MaxKeys * sizeof(ulong);

    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private readonly ulong[] _fields = new ulong[keyCount];
    private List<ulong>? _keys = [];

    /// <summary>Whether every key column is of a kind whose value a fingerprint can stand for.</summary>
    public static bool Supports(ColumnKind kind) => kind is ColumnKind.SmallInt or ColumnKind.Integer or ColumnKind.BigInt or ColumnKind.Text;

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
            Span<byte> number = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(number, parsed);
            _fields[keyOrder] = Hash(number);
        }
        else
        {
            _keys = null;
        }
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

    /// <summary>Ends the current row.</summary>
    public void EndRow()
    {
        if (_keys is not null)
        {
            if (_keys.Count == MaxKeys)
            {
                _keys = null;
            }
            else
            {
                var row = Offset;
                Span<byte> field = stackalloc byte[sizeof(ulong)];
                foreach (var hash in _fields)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(field, hash);
                    row = Hash(field, row);
                }

                _keys.Add(row);
            }
        }
    }

    /// <summary>
    /// The object's fingerprints, sorted, as little-endian bytes; null when they cannot vouch for the object
    /// (given up, or a key repeats within it).
    /// </summary>
    public byte[]? Result()
    {
        if (_keys is null)
        {
            return null;
        }

        _keys.Sort();
        var bytes = new byte[_keys.Count * sizeof(ulong)];
        for (var i = 0; i < _keys.Count; i++)
        {
            if (i > 0 && _keys[i] == _keys[i - 1])
            {
                return null;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), _keys[i]);
        }

        return bytes;
    }

    /// <summary>Whether the objects' fingerprints prove that no key occurs twice in the job (any null: they cannot).</summary>
    public static bool ProveUnique(IReadOnlyList<byte[]?> objects)
    {
        if (objects.Any(o => o is null))
        {
            return false;
        }

        var total = objects.Sum(o => o!.Length / sizeof(ulong));
        var all = new ulong[total];
        var at = 0;
        foreach (var bytes in objects)
        {
            for (var i = 0; i < bytes!.Length; i += sizeof(ulong))
            {
                all[at++] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i));
            }
        }

        Array.Sort(all);
        for (var i = 1; i < all.Length; i++)
        {
            if (all[i] == all[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
