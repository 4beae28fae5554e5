namespace CanvasData2.Emulator.Tests.Support;

/// <summary>Reads DAP TSV objects into records keyed by their `key.*` fields (fields kept in their escaped form).</summary>
internal static class Tsv
{
    public sealed record Record(string Key, string? Action, IReadOnlyDictionary<string, string> Values);

    public static (string[] Header, List<Record> Records) Parse(IEnumerable<string> objects)
    {
        string[] header = [];
        var records = new List<Record>();
        foreach (var text in objects)
        {
            var lines = text.Split('\n');
            Assert.Equal("", lines[^1]);
            header = lines[0].Split('\t');
            foreach (var line in lines[1..^1])
            {
                var fields = line.Split('\t');
                Assert.Equal(header.Length, fields.Length);
                var row = header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
                var key = string.Join('|', header.Where(h => h.StartsWith("key.", StringComparison.Ordinal)).Select(h => row[h]));
                var values = row.Where(p => p.Key.StartsWith("value.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
                records.Add(new Record(key, row.GetValueOrDefault("meta.action"), values));
            }
        }

        return (header, records);
    }
}
