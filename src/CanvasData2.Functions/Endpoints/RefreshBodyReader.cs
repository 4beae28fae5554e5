using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Functions.Configuration;

namespace CanvasData2.Functions.Endpoints;

/// <summary>
/// Reads the optional body of <c>POST /api/refresh</c>. An empty body (or <c>null</c>) means "the configured
/// refresh"; anything else must be an object whose members are string lists and the boolean <c>reinit</c> — an
/// unknown member is refused rather than ignored, so a typo (<c>"table"</c>) never turns into a refresh of every
/// table. <c>reinit</c> needs <c>tables</c> or <c>namespaces</c> beside it: re-snapshotting is always asked for by name.
/// </summary>
internal static class RefreshBodyReader
{
    private const string Expected = "expected {\"namespaces\": [...], \"tables\": [...], \"skipTables\": [...], \"reinit\": true|false} (all optional)";

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
        var reinit = false;
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name.Equals("reinit", StringComparison.OrdinalIgnoreCase))
            {
                if (member.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return (null, $"'{member.Name}' must be true or false, not a JSON {member.Value.ValueKind.ToString().ToLowerInvariant()}.");
                }

                reinit = member.Value.GetBoolean();
                continue;
            }

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

        if (reinit && tables is not { Count: > 0 } && namespaces is not { Count: > 0 })
        {
            return (null, "'reinit' re-snapshots only tables named in the same body: give 'tables' or 'namespaces' beside it.");
        }

        return (new RefreshBody(namespaces, tables, skipTables, reinit), null);
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
