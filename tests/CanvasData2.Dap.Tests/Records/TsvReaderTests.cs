using System.Text;
using CanvasData2.Dap.Tests.Support;
using CanvasData2.Dap.Tests.Support.RecordReaders;

namespace CanvasData2.Dap.Tests.Records;

public sealed class TsvReaderTests
{
    private static Task<List<DapRecord>> Read(string text) => Support.Records.ReadAsync(text, DataFormat.Tsv);

    [Fact]
    public async Task Snapshot_maps_header_to_key_and_value_as_upserts()
    {
        var records = await Read("meta.ts\tkey.id\tvalue.name\tvalue.settings\n2024-01-02T03:04:05.123456Z\t1\tAda\t{\"a\":1}\n");

        var record = Assert.Single(records);
        Assert.Equal(DapAction.Upsert, record.Action);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560), record.Ts);
        Assert.Equal("1", record.Key["id"]);
        Assert.Equal("Ada", record.Value["name"]);
        Assert.Equal("{\"a\":1}", record.Value["settings"]);
    }

    [Fact]
    public async Task Null_empty_and_escaped_backslash_n_are_distinct()
    {
        var records = await Read("key.id\tvalue.a\tvalue.b\tvalue.c\n1\t\\N\t\t\\\\N\n");

        var value = Assert.Single(records).Value;
        Assert.Null(value["a"]);
        Assert.Equal("", value["b"]);
        Assert.Equal("\\N", value["c"]);
    }

    [Fact]
    public async Task Copy_escapes_are_decoded()
    {
        var records = await Read("key.id\tvalue.text\n1\ta\\tb\\nc\\rd\\\\e\\bf\\fg\\vh\\0i\n");

        Assert.Equal("a\tb\nc\rd\\e\bf\fg\vh\0i", Assert.Single(records).Value["text"]);
    }

    [Fact]
    public async Task Json_column_is_unescaped_once()
    {
        // JSON "line\nbreak" TSV-escaped on top: the JSON escape's backslash is doubled.
        var records = await Read("key.id\tvalue.doc\n1\t{\"t\":\"line\\\\nbreak\"}\n");

        Assert.Equal("{\"t\":\"line\\nbreak\"}", Assert.Single(records).Value["doc"]);
    }

    [Fact]
    public async Task Incremental_reads_actions_and_delete_rows_have_null_values()
    {
        var records = await Read("meta.ts\tmeta.action\tkey.id\tvalue.name\n2024-01-02T03:04:05Z\tU\t1\tAda\n2024-01-02T03:04:06Z\tD\t2\t\\N\n");

        Assert.Equal([DapAction.Upsert, DapAction.Delete], records.Select(r => r.Action));
        Assert.Null(records[1].Value["name"]);
    }

    [Fact]
    public async Task Unicode_huge_integers_and_offset_timestamps_survive_unchanged()
    {
        var huge = "123456789012345678901234567890123456789";
        var records = await Read($"meta.ts\tkey.id\tvalue.name\n2024-01-02T05:04:05+02:00\t{huge}\tZoë 北京 🎓\n");

        var record = Assert.Single(records);
        Assert.Equal(huge, record.Key["id"]);
        Assert.Equal("Zoë 北京 🎓", record.Value["name"]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), record.Ts);
    }

    [Fact]
    public async Task Very_long_line_is_read_whole()
    {
        var big = new string('x', 5 * 1024 * 1024) + "\\t" + new string('é', 1024 * 1024);
        var records = await Read($"key.id\tvalue.blob\n1\t{big}\n2\tsmall\n");

        Assert.Equal(6 * 1024 * 1024 + 1, records[0].Value["blob"]!.Length);
        Assert.Equal("small", records[1].Value["blob"]);
    }

    [Fact]
    public async Task Missing_final_newline_and_trailing_blank_lines_are_accepted()
    {
        Assert.Single(await Read("key.id\tvalue.a\n1\tx"));
        Assert.Single(await Read("key.id\tvalue.a\n1\tx\n\n\n"));
        Assert.Empty(await Read("key.id\tvalue.a\n"));
        Assert.Empty(await Read(""));
    }

    [Theory]
    [InlineData("key.id\tvalue.a\n1\tx\n\n2\ty\n", "line 3")]
    [InlineData("key.id\tvalue.a\r\n1\tx\r\n", "carriage return")]
    [InlineData("key.id\tvalue.a\n1\tab\\N\n", "\\N inside")]
    [InlineData("key.id\tvalue.a\n1\ta\\x\n", "unknown escape")]
    [InlineData("key.id\tvalue.a\n1\ta\\\n", "lone backslash")]
    [InlineData("key.id\tvalue.a\n1\tx\ty\n", "more fields")]
    [InlineData("key.id\tvalue.a\n1\n", "1 fields")]
    [InlineData("key.id\tcolour\n1\tx\n", "'colour'")]
    [InlineData("value.a\nx\n", "no key")]
    [InlineData("meta.action\tkey.id\nX\t1\n", "'meta.action'")]
    [InlineData("meta.ts\tkey.id\nyesterday\t1\n", "'meta.ts'")]
    public async Task Malformed_input_fails_clearly(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<DapException>(() => Read(text));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("TSV line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_fails_clearly()
    {
        var bytes = Encoding.UTF8.GetBytes("key.id\tvalue.a\n1\t").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();

        var error = await Assert.ThrowsAsync<DapException>(() => Support.Records.ReadAsync(bytes, DataFormat.Tsv));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
