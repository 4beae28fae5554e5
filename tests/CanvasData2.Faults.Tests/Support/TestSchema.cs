using System.Text;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>Small DAP schema documents and TSV objects for feeding the engine directly.</summary>
internal static class TestSchema
{
    /// <summary>Key <c>id</c> (int64) plus the given <c>value</c> properties (JSON object members).</summary>
    public static TableSchema Of(string valueProperties, long version = 1, string key = """{"id": {"type": "integer", "format": "int64"}}""", string keyRequired = """["id"]""")
    {
        var json = "{\"type\": \"object\", \"properties\": {"
            + "\"key\": {\"type\": \"object\", \"properties\": " + key + ", \"required\": " + keyRequired + ", \"additionalProperties\": false}, "
            + "\"value\": {\"type\": \"object\", \"properties\": " + valueProperties + ", \"additionalProperties\": false}, "
            + "\"meta\": {\"type\": \"object\", \"properties\": {\"ts\": {\"type\": \"string\", \"format\": \"date-time\"}}}"
            + "}, \"required\": [\"key\"]}";
        using var document = JsonDocument.Parse(json);
        return new TableSchema(document.RootElement.Clone(), version);
    }

    public static Stream Tsv(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));
}
