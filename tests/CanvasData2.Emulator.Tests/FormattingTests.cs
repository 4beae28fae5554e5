using System.Text.Json.Nodes;
using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Formats;
using CanvasData2.Emulator.Schemas;
using CanvasData2.Emulator.Tests.Support;

namespace CanvasData2.Emulator.Tests;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(10.0, "10.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(1234.5678, "1234.5678")]
    public void Float_is_spelled_like_python_repr(double value, string expected) =>
        Assert.Equal(expected, ValueText.Float(value));

    [Fact]
    public void Timestamp_has_a_six_digit_fraction_only_when_non_zero()
    {
        var whole = new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal("2026-10-31T00:00:00Z", ValueText.Timestamp(whole));
        Assert.Equal("2026-10-31T00:00:00.250000Z", ValueText.Timestamp(whole.AddMilliseconds(250)));
        Assert.Equal("9999-12-31T23:59:59.999999Z", ValueText.Timestamp(SamplePools.MaxTime));
        Assert.Equal("0001-01-01T00:00:00Z", ValueText.Timestamp(SamplePools.MinTime));
        Assert.Equal("13:04:05.000001Z", ValueText.Time(((13 * 3600) + (4 * 60) + 5) * 1_000_000L + 1));
    }

    [Fact]
    public void Tsv_escapes_text_and_json_and_writes_null_and_deletes_as_DAP_does()
    {
        var layout = LayoutCompiler.Compile("t", JsonNode.Parse("""
            {"properties": {"key": {"properties": {"id": {"type": "integer", "format": "int64"}}, "required": ["id"]},
             "value": {"properties": {"note": {"type": "string"}, "extra": {"type": "object", "properties": {"a": {"type": "string"}}}}}}}
            """)!.AsObject());
        var path = Path.GetTempFileName();
        try
        {
            using (var writer = RecordWriter.Create(QueryFormat.Tsv, path, layout, incremental: true))
            {
                writer.Write("2026-11-01T00:00:00Z", false, [Cell.Of(1)], [Cell.OfText("a\tb\nc\\d\\N"), new Cell(CellKind.Json, Text: "{\"a\":\"x\\ny\"}")]);
                writer.Write("2026-11-01T00:00:00Z", false, [Cell.Of(long.MinValue)], [Cell.OfText(""), Cell.Null]);
                writer.Write("2026-11-01T03:00:00Z", true, [Cell.Of(2)], []);
            }

            var text = DapTestClient.Gunzip(File.ReadAllBytes(path));

            Assert.Equal(
                "meta.ts\tmeta.action\tkey.id\tvalue.note\tvalue.extra\n" +
                "2026-11-01T00:00:00Z\tU\t1\ta\\tb\\nc\\\\d\\\\N\t{\"a\":\"x\\\\ny\"}\n" +
                "2026-11-01T00:00:00Z\tU\t-9223372036854775808\t\t\\N\n" +
                "2026-11-01T03:00:00Z\tD\t2\t\\N\t\\N\n",
                text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Schema_min_length_and_min_items_give_long_values_for_long_line_tests()
    {
        var layout = LayoutCompiler.Compile("t", JsonNode.Parse("""
            {"properties": {"key": {"properties": {"id": {"type": "integer", "format": "int64"}}, "required": ["id"]},
             "value": {"properties": {"body": {"type": "string", "minLength": 100000}, "tags": {"type": "array", "minItems": 5000, "items": {"type": "string"}}},
                       "required": ["body", "tags"]}}}
            """)!.AsObject());

        for (var row = 1; row <= 3; row++)
        {
            var body = ValueGenerator.Generate(layout.Values[0], (ulong)row * 7919, row);
            var tags = ValueGenerator.Generate(layout.Values[1], (ulong)row * 104729, row);

            Assert.True(body.Text!.Length >= 100_000, $"body of {body.Text.Length}");
            Assert.True(System.Text.Json.JsonDocument.Parse(tags.Text!).RootElement.GetArrayLength() >= 5000);
        }
    }

    [Fact]
    public void An_unsupported_schema_shape_names_the_table_and_column()
    {
        var schema = JsonNode.Parse("""
            {"properties": {"key": {"properties": {"id": {"type": "integer"}}}, "value": {"properties": {"span": {"type": "string", "format": "duration"}}}}}
            """)!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => LayoutCompiler.Compile("canvas.things", schema));

        Assert.Contains("canvas.things", error.Message, StringComparison.Ordinal);
        Assert.Contains("value.span", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_timeline_changes_a_few_percent_per_step_and_never_resurrects_a_key()
    {
        var timeline = new RowTimeline(StableHash.Of("canvas.users"), 10_000);
        var updated = 0;
        var deleted = 0;
        for (var key = 1L; key <= timeline.MaxKeyAt(1); key++)
        {
            var before = timeline.StateAt(key, 1);
            var after = timeline.StateAt(key, 2);
            updated += after.DeletedAt < 0 && after.LastWrite == 2 ? 1 : 0;
            deleted += after.DeletedAt == 2 ? 1 : 0;
            Assert.False(before.DeletedAt >= 0 && after.DeletedAt < 0);
        }

        Assert.InRange(updated, 300, 900);
        Assert.InRange(deleted, 30, 200);
        Assert.Equal(10_200, timeline.MaxKeyAt(2));
    }
}
