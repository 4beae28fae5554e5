using System.Text;
using System.Text.Json;
using CanvasData2.Dap;

namespace CanvasData2.Infra.Tests.PermissionModel;

/// <summary>The smallest useful DAP table for the permission-model tests: key id, one string value, two rows.</summary>
internal static class TinyTable
{
    public const string Rows = "meta.ts\tkey.id\tvalue.name\n2026-11-01T00:00:00.000Z\t1\tfirst\n2026-11-01T00:00:00.000Z\t2\tsecond\n";

    public static Stream Object() => new MemoryStream(Encoding.UTF8.GetBytes(Rows));

    public static TableSchema Schema()
    {
        const string json = """
            {"type": "object", "properties": {
              "key": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}}, "required": ["id"], "additionalProperties": false},
              "value": {"type": "object", "properties": {"name": {"type": "string"}}, "required": [], "additionalProperties": false},
              "meta": {"type": "object", "properties": {"ts": {"type": "string", "format": "date-time"}}}},
             "required": ["key"]}
            """;
        using var document = JsonDocument.Parse(json);
        return new TableSchema(document.RootElement.Clone(), 1);
    }
}
