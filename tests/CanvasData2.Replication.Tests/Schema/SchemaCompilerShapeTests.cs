using CanvasData2.Model;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Tests.Schema;

/// <summary>Shapes the official client refuses or never met, and what we decided for them (src/CanvasData2.Replication/README.md).</summary>
public sealed class SchemaCompilerShapeTests
{
    private static readonly TableName Table = new("canvas", "shapes");

    [Theory]
    [InlineData("""{"type": "string", "enum": ["only"]}""", "\"canvas\".\"shapes__c\"", "Enum")]
    [InlineData("""{"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer"}}}}""", "jsonb", "Json")]
    [InlineData("""{"type": "object"}""", "jsonb", "Json")]
    [InlineData("""{"oneOf": [{"type": "integer"}, {"type": "string"}]}""", "text", "Text")]
    [InlineData("""{"oneOf": [{"type": "object", "properties": {}}, {"type": "string"}]}""", "jsonb", "Json")]
    [InlineData("""{"oneOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]}""", "inet", "Inet")]
    [InlineData("""{"type": "string", "format": "duration"}""", "interval", "Interval")]
    [InlineData("""{"type": "array", "items": {"type": "string", "format": "date-time"}}""", "timestamp ARRAY", "Array")]
    [InlineData("""{"type": "array", "items": {"type": "string", "format": "date"}}""", "date ARRAY", "Array")]
    [InlineData("""{"type": "array", "items": {"type": "string", "format": "uuid"}}""", "uuid ARRAY", "Array")]
    [InlineData("""{"type": "array", "items": {"type": "string", "maxLength": 20}}""", "varchar(20) ARRAY", "Array")]
    [InlineData("""{"type": ["string", "null"], "format": "email"}""", "text", "Text")]
    [InlineData("""{"type": "integer", "minimum": -3000000000, "maximum": 5}""", "bigint", "BigInt")]
    [InlineData("""{"type": "integer", "minimum": 0}""", "bigint", "BigInt")]
    [InlineData("""{"type": "number", "multipleOf": 0.001, "minimum": -10, "maximum": 10}""", "decimal(5, 3)", "Decimal")]
    [InlineData("""{"type": "number", "multipleOf": 0.5}""", "decimal", "Decimal")]
    [InlineData("""{"$ref": "#/$defs/level"}""", "\"canvas\".\"level\"", "Enum")]
    public void Compile_shape_maps_as_decided(string property, string sqlType, string kind)
    {
        var model = SyntheticSchema.Model(Table, $$"""{"c": {{property}}}""", extra: """, "$defs": {"level": {"type": "string", "enum": ["low", "high"]}}""");

        var column = model.FindColumn("c")!;
        Assert.Equal((sqlType, kind), (column.SqlType, column.Kind.ToString()));
    }

    [Fact]
    public void Compile_composite_key_keeps_all_key_properties_in_order()
    {
        var schema = SyntheticSchema.Of("""{"v": {"type": "string"}}""", key: """{"b": {"type": "integer", "format": "int64"}, "a": {"type": "string", "maxLength": 10}}""", keyRequired: """["b", "a"]""");

        var model = SchemaCompiler.Compile(Table, schema);

        Assert.Equal(["b", "a"], model.PrimaryKey);
        Assert.Equal(["b", "a", "v"], model.Columns.Select(c => c.Name));
        Assert.All(model.Columns.Take(2), c => Assert.True(c.IsKey && c.NotNull));
        Assert.Equal("key.a", model.Columns[1].SourceField);
    }

    [Theory]
    [InlineData("""{"type": "money"}""", "money")]
    [InlineData("""{"type": "integer", "format": "uint64"}""", "uint64")]
    [InlineData("""{"type": "number", "format": "decimal128"}""", "decimal128")]
    [InlineData("""{"allOf": [{"type": "string"}]}""", "allOf")]
    [InlineData("""{"$ref": "#/definitions/missing"}""", "missing")]
    [InlineData("""{"description": "no type"}""", "type")]
    public void Compile_unknown_storage_fails_naming_table_and_column(string property, string mention)
    {
        var error = Assert.Throws<ReplicationException>(() => SyntheticSchema.Model(Table, $$"""{"ok": {"type": "string"}, "weird_col": {{property}}}"""));

        Assert.Equal(Table, error.Table);
        Assert.Equal("weird_col", error.Column);
        Assert.Contains("canvas.shapes", error.Message, StringComparison.Ordinal);
        Assert.Contains("weird_col", error.Message, StringComparison.Ordinal);
        Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_key_and_value_with_the_same_name_fails()
    {
        var error = Assert.Throws<ReplicationException>(() => SyntheticSchema.Model(Table, """{"id": {"type": "string"}}"""));

        Assert.Equal("id", error.Column);
    }

    [Fact]
    public void Compile_nested_enums_and_defaults_types_created_and_defaults_last()
    {
        var model = SyntheticSchema.Model(
            Table,
            """
            {"flag": {"type": "boolean", "default": true},
             "settings": {"type": "object", "additionalProperties": false, "properties": {"deep": {"type": "object", "additionalProperties": false, "properties": {"mode": {"type": "string", "enum": ["a", "b"]}}}}},
             "label": {"type": "string", "default": "it's"},
             "n": {"type": "integer", "format": "int32", "default": -1}}
            """);

        Assert.Equal(["id", "settings", "flag", "label", "n"], model.Columns.Select(c => c.Name));
        Assert.Equal(["TRUE", "'it''s'", "-1"], model.Columns.Skip(2).Select(c => c.DefaultSql));
        Assert.Equal("shapes__settings__deep__mode", Assert.Single(model.EnumTypes).Name);
    }

    [Fact]
    public void Clean_doc_common_indent_of_later_lines_is_removed()
        => Assert.Equal("Title\n\nline\n  more", CommentText.CleanDoc("Title\n\n    line\n      more\n"));
}
