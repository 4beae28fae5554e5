using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CanvasData2.Emulator.Schemas;

/// <summary>The built-in table schemas, embedded as `&lt;ns&gt;.&lt;table&gt;.v&lt;N&gt;.json` documents.</summary>
internal static partial class SchemaCatalog
{
    /// <summary>Step from which a built-in version N > 1 is served (as in the official-replica fixtures).</summary>
    private const int BuiltInBumpStep = 2;

    public static IEnumerable<EmulatedTable> Load(Func<string, long> rowsFor)
    {
        var assembly = typeof(SchemaCatalog).Assembly;
        var documents = assembly.GetManifestResourceNames()
            .Select(n => (Name: n, Match: ResourceName().Match(n)))
            .Where(x => x.Match.Success)
            .Select(x => (Ns: x.Match.Groups[1].Value, Table: x.Match.Groups[2].Value,
                Version: int.Parse(x.Match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), x.Name))
            .OrderBy(x => x.Ns, StringComparer.Ordinal).ThenBy(x => x.Table, StringComparer.Ordinal).ThenBy(x => x.Version);
        foreach (var group in documents.GroupBy(x => (x.Ns, x.Table)))
        {
            var table = new EmulatedTable(group.Key.Ns, group.Key.Table, rowsFor($"{group.Key.Ns}.{group.Key.Table}"));
            foreach (var doc in group)
            {
                var step = doc.Version == 1 ? 0 : BuiltInBumpStep;
                table.Versions.Add(TableVersion.Create(table.QualifiedName, doc.Version, ReadSchema(assembly, doc.Name), step, step));
            }

            yield return table;
        }
    }

    private static JsonObject ReadSchema(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        var document = JsonNode.Parse(stream)!.AsObject();
        return document["schema"]!.DeepClone().AsObject();
    }

    [GeneratedRegex(@"^Schemas\.([a-z_]+)\.([a-z_]+)\.v(\d+)\.json$")]
    private static partial Regex ResourceName();
}
