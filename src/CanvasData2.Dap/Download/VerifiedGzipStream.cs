using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace CanvasData2.Dap.Download;

/// <summary>
/// Gunzips a DAP object and, at the end, checks the gzip trailer (CRC-32 and length) against what was
/// produced. .NET's <see cref="GZipStream"/> ends silently on truncated input, and a silently short object
/// would drop rows from the replica, so a mismatch fails the read with a protocol error.
/// DAP objects are single-member gzip files; the trailer checked is the file's last 8 bytes.
/// </summary>
internal sealed class VerifiedGzipStream(DownloadBodyStream compressed, string objectId) : ReadOnlyStreamBase
{
    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress);
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _verified;

    public override int Read(Span<byte> buffer)
    {
        int count;
        try
        {
            count = _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex.Message, ex);
        }
        if (count > 0)
        {
            return Produced(buffer[..count]);
        }

        if (!buffer.IsEmpty)
        {
            compressed.CopyTo(Stream.Null);
            Verify();
        }
        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex.Message, ex);
        }
        if (count > 0)
        {
            return Produced(buffer.Span[..count]);
        }

        if (!buffer.IsEmpty)
        {
            await compressed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            Verify();
        }
        return 0;
    }

    private int Produced(ReadOnlySpan<byte> bytes)
    {
        _crc.Append(bytes);
        _length += bytes.Length;
        return bytes.Length;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        var tail = compressed.Tail;
        if (tail.Length < 8)
        {
            throw Corrupt($"only {compressed.BytesRead} bytes, too short for a gzip file", null);
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        var expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        if (expectedCrc != _crc.GetCurrentHashAsUInt32() || expectedLength != (uint)_length)
        {
            throw Corrupt($"gzip data ends early or is damaged ({compressed.BytesRead} compressed bytes, {_length} bytes decompressed; CRC or length check failed)", null);
        }

        _verified = true;
    }

    // Transient: a body cut short or damaged in transit is fixed by downloading the object again (fresh URL).
    private DapException Corrupt(string detail, Exception? inner) => NotGzip(objectId, detail, inner);

    /// <summary>The error of a body that is not (or not all) the gzip object DAP serves: transient, like a cut download.</summary>
    public static DapException NotGzip(string objectId, string detail, Exception? inner = null) =>
        new(DapErrorKind.Transient, $"DAP object '{objectId}' is not a complete gzip file: {detail}.", innerException: inner);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
