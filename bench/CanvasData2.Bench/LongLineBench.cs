using System.Text.Json.Nodes;
using CanvasData2.Emulator;

namespace CanvasData2.Bench;

/// <summary>
/// Peak memory of <c>cd2 initdb</c> of a table whose rows are very long lines: each row has a text of
/// <c>TextBytes</c> and an array of <c>ArrayItems</c> strings, ten rows to an object, so that the objects' loads run
/// at once and every one of them meets long lines (issue 22.4: one long line at a time, within the load budget).
/// </summary>
internal static class LongLineBench
{
    private const string Namespace = "benchlong";
    private const string Table = "notes";
    private const int Rows = 40;
    private const int RowsPerObject = 10;
    private const int TextBytes = 16 << 20;
    private const int ArrayItems = 200_000;

    public static async Task<LongLineMeasurement> RunAsync(BenchDatabase db, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions { Rows = Rows, RowsPerObject = RowsPerObject, Port = 0, JobDelay = TimeSpan.Zero };
        await using var emulator = await EmulatorServer.StartAsync(options, cancellationToken);
        emulator.AddTable(Namespace, Table, JsonNode.Parse("""
            {"type": "object", "properties": {
              "key": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}}, "required": ["id"]},
              "value": {"type": "object", "properties": {
                "body": {"type": "string", "minLength": TEXT_BYTES},
                "tags": {"type": "array", "minItems": ARRAY_ITEMS, "items": {"type": "string"}}},
                "required": ["body", "tags"]},
              "meta": {"type": "object", "properties": {"ts": {"type": "string", "format": "date-time"}}}},
             "required": ["key"]}
            """.Replace("TEXT_BYTES", $"{TextBytes}", StringComparison.Ordinal).Replace("ARRAY_ITEMS", $"{ArrayItems}", StringComparison.Ordinal))!.AsObject(), Rows);
        var generation = await Prewarm.JobAsync(emulator, Namespace, Table, null, cancellationToken);
        Console.WriteLine($"  emulator generated {Rows} rows of ~{(TextBytes >> 20) + 3} MB lines in {generation.TotalSeconds:F1} s (not counted)");

        const string database = "bench_long_lines";
        var connectionString = await db.CreateDatabaseAsync(database, cancellationToken);
        var run = await Cd2Process.RunAsync(emulator, connectionString, ["initdb", "--namespace", Namespace, "--table", Table, "--log-level", "information"], cancellationToken);
        var stored = await db.ScalarAsync<long>(database, $"SELECT count(*) FROM {Namespace}.{Table} WHERE octet_length(body) >= {TextBytes} AND cardinality(tags) >= {ArrayItems}", cancellationToken);
        await db.DropDatabaseAsync(database, cancellationToken);
        if (stored != Rows)
        {
            throw new InvalidOperationException($"Long-line init stored {stored} complete rows, expected {Rows}.");
        }

        Console.WriteLine($"  cd2 initdb: {Rows} long lines in {run.WallSeconds:F2} s, peak RSS {run.PeakRssBytes / 1048576.0:F0} MB");
        return new LongLineMeasurement(Rows, Rows / RowsPerObject, TextBytes, ArrayItems, run);
    }
}

internal sealed record LongLineMeasurement(int Rows, int Objects, int TextBytes, int ArrayItems, Cd2Run Run);
