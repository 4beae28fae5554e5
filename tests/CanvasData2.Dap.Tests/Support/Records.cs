using System.Text;
using CanvasData2.Dap.Tests.Support.RecordReaders;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Support;

public static class Records
{
    public static async Task<List<DapRecord>> ReadAsync(string text, DataFormat format) =>
        await ReadAsync(Encoding.UTF8.GetBytes(text), format);

    public static async Task<List<DapRecord>> ReadAsync(byte[] bytes, DataFormat format)
    {
        using var stream = new MemoryStream(bytes);
        var records = new List<DapRecord>();
        await foreach (var record in DapRecordReader.ReadAsync(stream, format, TestTimeout.Seconds(60)))
        {
            records.Add(record);
        }

        return records;
    }
}
