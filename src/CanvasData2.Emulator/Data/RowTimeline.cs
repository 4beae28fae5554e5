using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Data;

/// <summary>
/// The life of every key of a table as a pure function of (seed, table, key index, step): keys 1..Rows exist at
/// step 0; each later step inserts new keys, updates ~6 % of live rows, hard-deletes ~1 %, and inserts-and-deletes
/// one "ghost" key that no query ever sees alive.
/// </summary>
internal sealed class RowTimeline(ulong tableHash, long rows)
{
    private const double UpdateRate = 0.06;
    private const double DeleteRate = 0.01;

    /// <summary>Ghost keys live far above the real ones.</summary>
    public const long GhostBase = 1_000_000_000;

    public long InitialRows { get; } = rows;

    public long InsertsPerStep { get; } = Math.Max(1, rows / 100);

    public ulong TableHash { get; } = tableHash;

    public long MaxKeyAt(int step) => InitialRows + InsertsPerStep * step;

    public int BirthStep(long key) => key <= InitialRows ? 0 : (int)((key - InitialRows - 1) / InsertsPerStep) + 1;

    /// <summary>The state of a key at a step: when it was last written and when (if) it was deleted.</summary>
    public KeyState StateAt(long key, int step)
    {
        var birth = BirthStep(key);
        if (birth > step)
        {
            return new KeyState(-1, -1);
        }

        var lastWrite = birth;
        for (var s = birth + 1; s <= step; s++)
        {
            var h = StableHash.Combine(TableHash, (ulong)key, (ulong)s);
            var fraction = StableHash.Fraction(h);
            if (fraction < DeleteRate)
            {
                return new KeyState(lastWrite, s);
            }

            if (fraction < DeleteRate + UpdateRate)
            {
                lastWrite = s;
            }
        }

        return new KeyState(lastWrite, -1);
    }

    public static long GhostKey(int step) => GhostBase + step;
}

/// <summary>Last write step (-1: not born yet) and delete step (-1: alive).</summary>
internal readonly record struct KeyState(int LastWrite, int DeletedAt);
