using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CanvasData2.Cli.Tests.Support;

namespace CanvasData2.Cli.Tests;

/// <summary>What the download commands write: the same records in every format, and only the asked time range.</summary>
public sealed class DownloadFormatTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"cd2-cli-formats-{Guid.NewGuid():N}");

    [Fact]
    public async Task Snapshot_as_csv_holds_the_same_records_as_tsv()
    {
        var tsv = ReadRecords(await DownloadAsync(["snapshot", "--table", "users", "--format", "tsv"], "tsv"), ParseTsv);
        var csv = ReadRecords(await DownloadAsync(["snapshot", "--table", "users", "--format", "csv"], "csv"), ParseCsv);

        Assert.InRange(tsv.Count, 51, 200); // header + at least the 50 initial rows
        Assert.Equal(tsv[0], csv[0]);
        Assert.Contains(tsv, record => record.Contains(null)); // nulls are compared too
        Assert.Equal(Sorted(tsv.Skip(1)), Sorted(csv.Skip(1)));
    }

    [Fact]
    public async Task Incremental_until_leaves_out_the_later_changes()
    {
        var start = emulator.Server.Now;
        emulator.Server.AdvanceTime();
        var middle = emulator.Server.Now;
        emulator.Server.AdvanceTime();
        string[] range = ["incremental", "--table", "users", "--format", "jsonl", "--since", Iso(start)];

        var (untilResult, untilFiles) = await DownloadWithResultAsync([.. range, "--until", Iso(middle)], "until");
        var (_, allFiles) = await DownloadWithResultAsync(range, "all");

        Assert.Equal(middle, untilResult.GetProperty("until").GetDateTimeOffset());
        var early = Timestamps(untilFiles);
        var all = Timestamps(allFiles);
        Assert.NotEmpty(early);
        Assert.All(early, ts => Assert.InRange(ts, start, middle));
        Assert.Contains(all, ts => ts > middle);
        Assert.True(early.Count < all.Count, $"{early.Count} records until {middle:O}, {all.Count} without --until");
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private async Task<List<string>> DownloadAsync(string[] args, string folder) => (await DownloadWithResultAsync(args, folder)).Files;

    private async Task<(JsonElement Table, List<string> Files)> DownloadWithResultAsync(string[] args, string folder)
    {
        var result = await emulator.RunAsync([.. args, "--output-directory", Path.Combine(_output, folder)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var table = document.RootElement[0].Clone();
        var files = table.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.NotEmpty(files);
        return (table, files);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static List<DateTimeOffset> Timestamps(IEnumerable<string> files)
        => files.SelectMany(Decompressed).Where(line => line.Length > 0)
            .Select(line =>
            {
                using var record = JsonDocument.Parse(line);
                return record.RootElement.GetProperty("meta").GetProperty("ts").GetDateTimeOffset();
            })
            .ToList();

    /// <summary>Header first (taken from the first file), then every record of every file.</summary>
    private static List<string?[]> ReadRecords(IEnumerable<string> files, Func<string, List<string?[]>> parse)
    {
        var records = new List<string?[]>();
        foreach (var file in files)
        {
            var parsed = parse(string.Join('\n', Decompressed(file)));
            records.AddRange(records.Count == 0 ? parsed : parsed.Skip(1));
        }

        return records;
    }

    private static IEnumerable<string> Decompressed(string gzipFile)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n');
    }

    private static List<string> Sorted(IEnumerable<string?[]> records)
        => records.Select(r => string.Join('\u001f', r.Select(cell => cell ?? "\u2400NULL"))).Order(StringComparer.Ordinal).ToList();

    /// <summary>PostgreSQL COPY text: tab-separated, <c>\N</c> is null, backslash escapes.</summary>
    private static List<string?[]> ParseTsv(string text)
        => text.Split('\n').Where(line => line.Length > 0)
            .Select(line => line.Split('\t').Select(cell => cell == "\\N" ? null : Unescape(cell)).ToArray())
            .ToList();

    private static string Unescape(string cell)
    {
        var result = new StringBuilder(cell.Length);
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] != '\\' || i + 1 == cell.Length)
            {
                result.Append(cell[i]);
                continue;
            }

            result.Append(cell[++i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', 'v' => '\v', '0' => '\0', var c => c });
        }

        return result.ToString();
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; an unquoted NULL is null.</summary>
    private static List<string?[]> ParseCsv(string text)
    {
        var records = new List<string?[]>();
        var record = new List<string?>();
        var cell = new StringBuilder();
        bool inQuotes = false, wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                Assert.True(cell.Length == 0, $"quote inside an unquoted field at {i}");
                inQuotes = wasQuoted = true;
            }
            else if (c is ',' or '\n' or '\r')
            {
                record.Add(!wasQuoted && cell.ToString() == "NULL" ? null : cell.ToString());
                cell.Clear();
                wasQuoted = false;
                if (c != ',')
                {
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 1 : 0;
                    records.Add([.. record]);
                    record.Clear();
                }
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.False(inQuotes, "unterminated quoted field");
        if (cell.Length > 0 || wasQuoted || record.Count > 0)
        {
            record.Add(!wasQuoted && cell.ToString() == "NULL" ? null : cell.ToString());
            records.Add([.. record]);
        }

        return records;
    }
}
