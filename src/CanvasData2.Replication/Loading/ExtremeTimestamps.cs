namespace CanvasData2.Replication.Loading;

/// <summary>
/// Python's minimum and maximum datetime, which the official client's driver stores as -infinity/infinity
/// (fixture quirk 1): <c>0001-01-01T00:00:00[.000…]Z</c> and <c>9999-12-31T23:59:59.999999Z</c>.
/// </summary>
internal static class ExtremeTimestamps
{
    public static bool IsMinimum(ReadOnlySpan<byte> value)
        => value.StartsWith("0001-01-01T00:00:00"u8) && OnlyZeroFraction(value["0001-01-01T00:00:00"u8.Length..]);

    public static bool IsMaximum(ReadOnlySpan<byte> value)
        => value.StartsWith("9999-12-31T23:59:59.999999"u8) && value["9999-12-31T23:59:59.999999"u8.Length..].SequenceEqual("Z"u8);

    private static bool OnlyZeroFraction(ReadOnlySpan<byte> rest)
    {
        if (rest.SequenceEqual("Z"u8))
        {
            return true;
        }

        if (rest.Length < 3 || rest[0] != (byte)'.' || rest[^1] != (byte)'Z')
        {
            return false;
        }

        return !rest[1..^1].ContainsAnyExcept((byte)'0');
    }
}
