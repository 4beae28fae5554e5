using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>DAP's JSONL: one <c>{"meta": {...}, "key": {...}, "value": {...}}</c> object per line; blank lines are skipped.</summary>
internal static class JsonlRecordReader
{
    private const string Format = "JSONL";

    public static async IAsyncEnumerable<DapRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, RecordErrors.StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var lines = new LfLineReader(text, Format);
        while (true)
        {
            string? line;
            try
            {
                line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException ex)
            {
                throw RecordErrors.InvalidEncoding(Format, lines.LineNumber + 1, ex);
            }
            if (line is null)
            {
                yield break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, lines.LineNumber);
        }
    }

    private static DapRecord Parse(string line, long lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw RecordErrors.Invalid(Format, lineNumber, null, $"not JSON ({ex.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw RecordErrors.Invalid(Format, lineNumber, null, "not a JSON object");
            }

            DateTimeOffset? ts = null;
            var action = DapAction.Upsert;
            if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                if (meta.TryGetProperty("ts", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    ts = RecordHeader.ParseTimestamp(t.GetString()!, Format, lineNumber, "meta.ts");
                }

                if (meta.TryGetProperty("action", out var a) && a.ValueKind != JsonValueKind.Null)
                {
                    action = RecordHeader.ParseAction(a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetRawText(), Format, lineNumber, "meta.action");
                }
            }
            if (!root.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.Object)
            {
                throw RecordErrors.Invalid(Format, lineNumber, "key", "missing key object");
            }

            var value = root.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Object ? Columns(v) : new Dictionary<string, string?>();
            return new DapRecord(ts, action, Columns(key), value);
        }
    }

    private static Dictionary<string, string?> Columns(JsonElement element)
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            columns[property.Name] = Text(property.Value);
        }

        return columns;
    }

    /// <summary>The value as PostgreSQL text input: numbers keep their exact digits, objects and arrays stay JSON.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
