using System.IO.Compression;
using System.Text;

namespace CanvasData2.Dap.Tests.Support;

public static class Gzip
{
    public static byte[] Compress(string text) => Compress(Encoding.UTF8.GetBytes(text));

    public static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}
