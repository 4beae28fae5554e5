using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// Reads the optional body of <c>POST /api/refresh</c>. An empty body (or <c>null</c>) means "the configured
/// refresh"; anything else must be an object whose only members are string lists — an unknown member is
/// refused rather than ignored, so a typo (<c>"table"</c>) never turns into a refresh of every table.
/// </summary>
internal static class RefreshBodyReader
{
    private const string Expected = "expected {\"namespaces\": [...], \"tables\": [...], \"skipTables\": [...]} (all optional)";

    /// <summary>The body, or the reason it was refused (naming the member at fault).</summary>
    public static (RefreshBody? Body, string? Error) Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); {Expected}.");
        }

        using (document)
        {
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Null => (null, null),
                JsonValueKind.Object => ReadObject(document.RootElement),
                var kind => (null, $"The body is a JSON {kind.ToString().ToLowerInvariant()}; {Expected}."),
            };
        }
    }

    private static (RefreshBody? Body, string? Error) ReadObject(JsonElement root)
    {
        IReadOnlyList<string>? namespaces = null, tables = null, skipTables = null;
        foreach (var member in root.EnumerateObject())
        {
            var (list, error) = ReadList(member);
            if (error is not null)
            {
                return (null, error);
            }

            if (list?.FirstOrDefault(n => !IsValidName(n, qualifiable: !member.Name.Equals("namespaces", StringComparison.OrdinalIgnoreCase))) is { } bad)
            {
                return (null, $"'{member.Name}': {DapNames.Describe(bad, member.Name.Equals("namespaces", StringComparison.OrdinalIgnoreCase) ? "namespace" : "table")}");
            }

            switch (member.Name.ToLowerInvariant())
            {
                case "namespaces": namespaces = list; break;
                case "tables": tables = list; break;
                case "skiptables": skipTables = list; break;
                default: return (null, $"Unknown member '{member.Name}' in the body; {Expected}.");
            }
        }

        return (new RefreshBody(namespaces, tables, skipTables), null);
    }

    /// <summary>A DAP name, or for table lists also <c>namespace.table</c> (checked before any URL or SQL is built).</summary>
    private static bool IsValidName(string name, bool qualifiable)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return qualifiable && dot >= 0
            ? DapNames.IsValid(name[..dot]) && DapNames.IsValid(name[(dot + 1)..])
            : DapNames.IsValid(name);
    }

    private static (IReadOnlyList<string>? List, string? Error) ReadList(JsonProperty member)
    {
        if (member.Value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (member.Value.ValueKind != JsonValueKind.Array)
        {
            return (null, $"'{member.Name}' must be an array of names, not a JSON {member.Value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in member.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                return (null, $"'{member.Name}[{index}]' must be a non-empty string.");
            }

            names.Add(item.GetString()!.Trim());
            index++;
        }

        return (names, null);
    }
}
