using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Tests.Schema;

/// <summary>Small DAP schema documents written in tests: key <c>id</c> int64 plus the given value properties.</summary>
internal static class SyntheticSchema
{
    public static TableSchema Of(string valueProperties, string required = "[]", long version = 1, string extra = "", string key = """{"id": {"type": "integer", "format": "int64"}}""", string keyRequired = """["id"]""")
    {
        var json = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"title\": \"Test table\", \"type\": \"object\", \"properties\": {"
            + "\"key\": {\"type\": \"object\", \"properties\": " + key + ", \"required\": " + keyRequired + ", \"additionalProperties\": false}, "
            + "\"value\": {\"type\": \"object\", \"properties\": " + valueProperties + ", \"required\": " + required + ", \"additionalProperties\": false}, "
            + "\"meta\": {\"type\": \"object\", \"properties\": {\"ts\": {\"type\": \"string\", \"format\": \"date-time\"}}}"
            + "}, \"required\": [\"key\"]" + extra + "}";
        using var document = JsonDocument.Parse(json);
        return new TableSchema(document.RootElement.Clone(), version);
    }

    public static TableModel Model(TableName table, string valueProperties, string required = "[]", long version = 1, string extra = "")
        => SchemaCompiler.Compile(table, Of(valueProperties, required, version, extra));
}
