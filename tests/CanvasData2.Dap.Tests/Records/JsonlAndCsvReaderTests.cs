using CanvasData2.Dap.Tests.Support;
using CanvasData2.Dap.Tests.Support.RecordReaders;

namespace CanvasData2.Dap.Tests.Records;

public sealed class JsonlAndCsvReaderTests
{
    [Fact]
    public async Task Jsonl_reads_meta_key_value_with_nulls_numbers_and_nested_json()
    {
        var text = """
            {"meta":{"ts":"2024-01-02T03:04:05Z","action":"U"},"key":{"id":123456789012345678901234567890},"value":{"name":"Zoë","gone":null,"ok":true,"score":1.5e-300,"settings":{"a":[1,2]}}}
            {"meta":{"ts":"2024-01-02T03:04:06Z","action":"D"},"key":{"id":2}}

            """;

        var records = await Support.Records.ReadAsync(text.Replace("\r\n", "\n", StringComparison.Ordinal), DataFormat.Jsonl);

        Assert.Equal(2, records.Count);
        var upsert = records[0];
        Assert.Equal("123456789012345678901234567890", upsert.Key["id"]);
        Assert.Equal("Zoë", upsert.Value["name"]);
        Assert.True(upsert.Value.ContainsKey("gone"));
        Assert.Null(upsert.Value["gone"]);
        Assert.Equal("true", upsert.Value["ok"]);
        Assert.Equal("1.5e-300", upsert.Value["score"]);
        Assert.Equal("""{"a":[1,2]}""", upsert.Value["settings"]);
        Assert.Equal(DapAction.Delete, records[1].Action);
        Assert.Empty(records[1].Value);
    }

    [Fact]
    public async Task Jsonl_snapshot_without_action_is_upsert()
    {
        var records = await Support.Records.ReadAsync("""{"meta":{"ts":"2024-01-02T03:04:05+01:00"},"key":{"id":"web-1"},"value":{}}""", DataFormat.Jsonl);

        Assert.Equal(DapAction.Upsert, Assert.Single(records).Action);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 2, 4, 5, TimeSpan.Zero), records[0].Ts);
    }

    [Theory]
    [InlineData("{\"meta\":{}}", "key")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"key\":", "not JSON")]
    public async Task Jsonl_malformed_line_fails_naming_the_line(string line, string expected)
    {
        var error = await Assert.ThrowsAsync<DapException>(() => Support.Records.ReadAsync("{\"key\":{\"id\":1}}\n" + line + "\n", DataFormat.Jsonl));

        Assert.Contains("JSONL line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_quoted_unquoted_null_and_empty_follow_dap_conventions()
    {
        var text = "meta.ts,meta.action,key.id,value.a,value.b,value.c,value.d\r\n"
            + "2024-01-02T03:04:05Z,U,1,NULL,\"\",\"NULL\",\"x, \"\"quoted\"\"\nline\"\r\n"
            + "2024-01-02T03:04:06Z,D,3,,,,\n";

        var records = await Support.Records.ReadAsync(text, DataFormat.Csv);

        Assert.Equal(2, records.Count);
        var value = records[0].Value;
        Assert.Null(value["a"]);
        Assert.Equal("", value["b"]);
        Assert.Equal("NULL", value["c"]);
        Assert.Equal("x, \"quoted\"\nline", value["d"]);
        Assert.Equal(DapAction.Delete, records[1].Action);
        Assert.All(records[1].Value.Values, Assert.Null);
    }

    [Fact]
    public async Task Csv_unclosed_quote_fails_clearly()
    {
        var error = await Assert.ThrowsAsync<DapException>(() => Support.Records.ReadAsync("key.id,value.a\n1,\"open\n", DataFormat.Csv));

        Assert.Contains("CSV line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_is_not_read_by_this_library()
    {
        var error = Assert.Throws<NotSupportedException>(() => DapRecordReader.ReadAsync(Stream.Null, DataFormat.Parquet));

        Assert.Contains("Parquet", error.Message, StringComparison.Ordinal);
    }
}
