using System.Text;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// Every body byte sent or received on a tapped channel, one buffer per HTTP body: many gRPC calls are in flight at
/// once, and one shared buffer would interleave them and could split a string between two calls' chunks.
/// </summary>
internal sealed class WireRecorder
{
    private readonly List<MemoryStream> _bodies = [];

    public MemoryStream NewBody()
    {
        var body = new MemoryStream();
        lock (_bodies)
        {
            _bodies.Add(body);
        }

        return body;
    }

    public long ByteCount
    {
        get
        {
            lock (_bodies)
            {
                return _bodies.Sum(b => Locked(b, () => b.Length));
            }
        }
    }

    /// <summary>All bodies as UTF-8 (protobuf keeps strings verbatim, so a string sent is found as is), one per line.</summary>
    public string Text
    {
        get
        {
            lock (_bodies)
            {
                return string.Join('\n', _bodies.Select(b => Locked(b, () => Encoding.UTF8.GetString(b.GetBuffer(), 0, (int)b.Length))));
            }
        }
    }

    public static void Append(MemoryStream body, ReadOnlySpan<byte> bytes)
    {
        lock (body)
        {
            body.Write(bytes);
        }
    }

    private static T Locked<T>(MemoryStream body, Func<T> read)
    {
        lock (body)
        {
            return read();
        }
    }
}
