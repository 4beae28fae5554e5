namespace CanvasData2.Dap.Download;

/// <summary>
/// The raw body of a pre-signed download: replays the bytes peeked to detect gzip, remembers the last
/// 8 bytes (the gzip trailer), owns the HTTP response and reports a broken connection as a transient error.
/// </summary>
internal sealed class DownloadBodyStream(Stream body, ReadOnlyMemory<byte> peeked, IDisposable response, string objectId) : ReadOnlyStreamBase
{
    private readonly byte[] _tail = new byte[8];
    private ReadOnlyMemory<byte> _peeked = peeked;

    public long BytesRead { get; private set; }

    /// <summary>The last (up to 8) bytes read so far.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(8 - (int)Math.Min(8, BytesRead));

    public override int Read(Span<byte> buffer)
    {
        if (TryReplay(buffer, out var replayed))
        {
            return replayed;
        }

        try
        {
            return Track(buffer, body.Read(buffer));
        }
        catch (IOException ex)
        {
            throw Interrupted(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryReplay(buffer.Span, out var replayed))
        {
            return replayed;
        }

        try
        {
            var count = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Track(buffer.Span, count);
        }
        catch (IOException ex)
        {
            throw Interrupted(ex);
        }
    }

    private bool TryReplay(Span<byte> buffer, out int count)
    {
        count = 0;
        if (_peeked.IsEmpty || buffer.IsEmpty)
        {
            return false;
        }

        count = Math.Min(buffer.Length, _peeked.Length);
        _peeked.Span[..count].CopyTo(buffer);
        _peeked = _peeked[count..];
        Track(buffer, count);
        return true;
    }

    private int Track(Span<byte> buffer, int count)
    {
        if (count >= 8)
        {
            buffer.Slice(count - 8, 8).CopyTo(_tail);
        }
        else if (count > 0)
        {
            _tail.AsSpan(count).CopyTo(_tail);
            buffer[..count].CopyTo(_tail.AsSpan(8 - count));
        }
        BytesRead += count;
        return count;
    }

    private DapException Interrupted(IOException ex) =>
        new(DapErrorKind.Transient, $"The download of DAP object '{objectId}' was interrupted after {BytesRead} bytes: {ex.Message}", innerException: ex);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
