using System.Text.Json;
using CanvasData2.Replication;
using CanvasData2.Settings;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>
/// <c>CD2_READERS</c>: the Entra principals that may read the replica, as the template writes them
/// (<c>[{"name": "CD2 readers", "objectId": "…", "type": "group"}, …]</c>; type <c>user</c>, <c>group</c> or
/// <c>service</c>). The app makes their roles and grants them read access at every run. Bad values fail naming
/// the setting.
/// </summary>
internal static class ReaderSettings
{
    public static IReadOnlyList<ReaderRole> From(IConfiguration configuration)
    {
        var raw = configuration[SettingNames.Readers];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [];
        }

        List<Entry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<Entry>>(raw, Web);
        }
        catch (JsonException e)
        {
            throw new SettingException($"Setting {SettingNames.Readers} is not a JSON array of readers ({e.Message}).", e);
        }

        return (entries ?? []).Select((entry, i) => entry switch
        {
            { Name: { Length: > 0 } name, ObjectId: { } id, Type: { } type } when Guid.TryParse(id, out _) && ReaderRole.EntraTypes.Contains(type)
                => new ReaderRole(name, id, type),
            _ => throw new SettingException(
                $"Setting {SettingNames.Readers}: reader {i} needs a name, an object id (a GUID) and a type ({string.Join(", ", ReaderRole.EntraTypes)})."),
        }).ToList();
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Entry(string? Name, string? ObjectId, string? Type);
}
