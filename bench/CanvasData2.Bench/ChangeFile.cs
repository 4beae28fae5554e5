using System.Globalization;
using System.Text;
using CanvasData2.Dap;

namespace CanvasData2.Bench;

/// <summary>
/// Builds an incremental TSV object (DAP's format: <c>meta.ts</c>, <c>meta.action</c>, keys, values) from the
/// emulator's snapshot rows: 80% updates of existing keys (one value changed), 10% deletes of other existing
/// keys, 10% inserts of new keys, starting after the first <c>skip</c> snapshot rows. Starting from real snapshot rows keeps every value in DAP's wire format.
/// </summary>
internal static class ChangeFile
{
    private const long InsertKeyOffset = 1_000_000_000_000;
    private const string ChangedColumn = "value.grade";

    public static async Task<ChangeCounts> WriteAsync(IDapClient dap, DapJob snapshot, int changes, long skip, string path, CancellationToken cancellationToken)
    {
        var updates = changes * 8 / 10;
        var deletes = changes / 10;
        var inserts = changes - updates - deletes;
        var written = new ChangeCounts(0, 0, 0);
        await using var output = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        string[]? header = null;
        int keyField = -1, changedField = -1, firstValue = -1;
        foreach (var objectId in snapshot.ObjectIds ?? [])
        {
            await using var stream = await dap.OpenObjectAsync(objectId, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 1 << 20);
            var objectHeader = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException($"Object {objectId} is empty.");
            if (header is null)
            {
                header = objectHeader.Split('\t');
                keyField = Array.IndexOf(header, "key.id");
                changedField = Array.IndexOf(header, ChangedColumn);
                firstValue = Array.FindIndex(header, h => h.StartsWith("value.", StringComparison.Ordinal));
                if (header[0] != "meta.ts" || keyField < 0 || changedField < 0 || firstValue < 0)
                {
                    throw new InvalidOperationException($"Unexpected snapshot header: {objectHeader}");
                }

                await output.WriteLineAsync("meta.ts\tmeta.action\t" + string.Join('\t', header[1..]));
            }

            while (written.Total < changes && await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (skip > 0)
                {
                    // Rows used by an earlier round: each round changes keys no other round touched.
                    skip--;
                    continue;
                }

                var fields = line.Split('\t');
                if (written.Updated < updates)
                {
                    fields[changedField] = "bench-" + written.Updated.ToString(CultureInfo.InvariantCulture);
                    await WriteRowAsync(output, fields, "U");
                    written = written with { Updated = written.Updated + 1 };
                }
                else if (written.Deleted < deletes)
                {
                    for (var i = firstValue; i < fields.Length; i++)
                    {
                        fields[i] = "\\N";
                    }

                    await WriteRowAsync(output, fields, "D");
                    written = written with { Deleted = written.Deleted + 1 };
                }
                else
                {
                    var key = long.Parse(fields[keyField], CultureInfo.InvariantCulture);
                    fields[keyField] = (key + InsertKeyOffset).ToString(CultureInfo.InvariantCulture);
                    await WriteRowAsync(output, fields, "U");
                    written = written with { Inserted = written.Inserted + 1 };
                }
            }

            if (written.Total == changes)
            {
                return written.Inserted == inserts ? written : throw new InvalidOperationException("Change counts do not add up.");
            }
        }

        throw new InvalidOperationException($"The snapshot has fewer than {changes} rows.");
    }

    private static Task WriteRowAsync(StreamWriter output, string[] fields, string action)
        => output.WriteLineAsync(fields[0] + "\t" + action + "\t" + string.Join('\t', fields, 1, fields.Length - 1));
}

internal sealed record ChangeCounts(int Updated, int Deleted, int Inserted)
{
    public int Total => Updated + Deleted + Inserted;
}
