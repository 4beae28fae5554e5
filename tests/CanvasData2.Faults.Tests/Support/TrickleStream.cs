namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// Hands out a download in small chunks and, once <c>afterBytes</c> past the header line have been read (the
/// COPY is then running), awaits <c>onPause</c> before handing out more — so a test can act in the middle of a load.
/// </summary>
internal sealed class TrickleStream(Stream inner, long afterBytes, Func<Task> onPause) : Stream
{
    private const int Chunk = 4096;
    private long _read;
    private long _headerEnd = -1;
    private bool _paused;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_paused && _headerEnd >= 0 && _read >= _headerEnd + afterBytes)
        {
            _paused = true;
            await onPause();
        }

        var count = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, Chunk)], cancellationToken);
        if (_headerEnd < 0 && buffer.Span[..count].IndexOf((byte)'\n') is var lf and >= 0)
        {
            _headerEnd = _read + lf;
        }

        _read += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
