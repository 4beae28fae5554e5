using System.Globalization;
using System.Text;
using System.Text.Json;
using CanvasData2.Shared;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// <c>table_sync.schema_description</c> as the official client writes it: the schema object minus
/// <c>properties.meta</c>, compact JSON (Python <c>json.dumps(separators=(',', ':'), ensure_ascii=False)</c>),
/// keys in the order received, non-ASCII characters written as they are.
/// </summary>
internal static class SchemaDescription
{
    public static string Serialize(JsonElement schema)
    {
        var output = new StringBuilder();
        Write(output, schema, depth: 0, parentIsRootProperties: false);
        return output.ToString();
    }

    private static void Write(StringBuilder output, JsonElement element, int depth, bool parentIsRootProperties)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var first = true;
                foreach (var member in element.EnumerateObject())
                {
                    if (parentIsRootProperties && member.NameEquals("meta"))
                    {
                        continue;
                    }

                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    JsonStrings.Append(output, member.Name);
                    output.Append(':');
                    Write(output, member.Value, depth + 1, depth == 0 && member.NameEquals("properties"));
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        output.Append(',');
                    }

                    Write(output, item, depth + 1, parentIsRootProperties: false);
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                JsonStrings.Append(output, element.GetString()!);
                break;
            default:
                output.Append(element.GetRawText());
                break;
        }
    }
}
