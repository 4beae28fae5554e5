using System.IO.Compression;
using System.Text;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>Feeds fixture objects to an engine and reads tables back the way the fixtures were written.</summary>
internal static class EngineTestKit
{
    public static readonly TableName Users = new("canvas", "users");
    public static readonly TableName Assignments = new("canvas", "assignments");
    public static readonly DateTimeOffset Step0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Step1 = Step0.AddHours(3);
    public static readonly DateTimeOffset Step3 = Step0.AddHours(9);

    public static async Task<(ReplicaEngine Engine, string ConnectionString)> NewEngineAsync(ReplicaOptions? options = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("eng");
        return (ReplicaEngine.Create(connectionString, options), connectionString);
    }

    /// <summary>Stages and loads every object of one fixture result (e.g. <c>snapshot-step0</c>), in name order.</summary>
    public static async Task<long> StageFixtureAsync(IReplicaEngine engine, StagingTarget target, string result, TableSchema schema, CancellationToken cancellationToken)
    {
        await engine.PrepareStagingAsync(target, schema, cancellationToken);
        var directory = Path.Combine(OfficialFixtures.Directory, "objects", target.Table.ToString(), result);
        long rows = 0;
        var ordinal = 0;
        foreach (var file in Directory.GetFiles(directory, "*.tsv.gz").Order(StringComparer.Ordinal))
        {
            await using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            var loaded = await engine.LoadObjectAsync(target, Path.GetFileName(file), ordinal++, gzip, cancellationToken);
            rows += loaded.Rows;
        }

        return rows;
    }

    /// <summary>Stages the fixture's step-0 snapshot of <paramref name="table"/> and publishes it (timestamp step 0).</summary>
    public static async Task<StagingTarget> InitFromFixtureAsync(IReplicaEngine engine, TableName table, string jobId, CancellationToken cancellationToken)
    {
        var target = new StagingTarget(table, jobId, StagingKind.Snapshot);
        await StageFixtureAsync(engine, target, "snapshot-step0", OfficialFixtures.Schema(table), cancellationToken);
        await engine.CommitInitAsync(target, Step0, cancellationToken);
        return target;
    }

    /// <summary>Loads <paramref name="tsv"/> as the only object of its job (ordinal 0).</summary>
    public static Task<ObjectLoadResult> LoadTextAsync(IReplicaEngine engine, StagingTarget target, string objectId, string tsv, CancellationToken cancellationToken)
        => LoadTextAsync(engine, target, objectId, 0, tsv, cancellationToken);

    /// <summary>Loads <paramref name="tsv"/> as the object at <paramref name="ordinal"/> in its job's list.</summary>
    public static Task<ObjectLoadResult> LoadTextAsync(IReplicaEngine engine, StagingTarget target, string objectId, int ordinal, string tsv, CancellationToken cancellationToken)
        => engine.LoadObjectAsync(target, objectId, ordinal, new MemoryStream(Encoding.UTF8.GetBytes(tsv)), cancellationToken);

    public static Task<ObjectLoadResult> LoadBytesAsync(IReplicaEngine engine, StagingTarget target, string objectId, byte[] tsv, CancellationToken cancellationToken)
        => engine.LoadObjectAsync(target, objectId, 0, new MemoryStream(tsv), cancellationToken);

    /// <summary>The table as <c>COPY ... TO STDOUT WITH (FORMAT text, HEADER)</c> ordered by id, in the fixtures' session settings.</summary>
    public static async Task<string> DumpAsync(string connectionString, TableName table, CancellationToken cancellationToken)
    {
        var qualified = $"\"{table.Namespace}\".\"{table.Table}\"";
        return await CopyOutAsync(connectionString, $"COPY (SELECT * FROM {qualified} ORDER BY id) TO STDOUT WITH (FORMAT text, HEADER)", cancellationToken);
    }

    /// <summary>table_sync rows of the table without the id (ours numbers rows in its own init order).</summary>
    public static async Task<string> TableSyncAsync(string connectionString, TableName table, CancellationToken cancellationToken)
        => await CopyOutAsync(
            connectionString,
            $"""
            COPY (SELECT source_namespace, source_table, "timestamp", schema_version, target_schema, target_table, schema_description_format, schema_description
                  FROM instructure_dap.table_sync WHERE source_namespace = '{table.Namespace}' AND source_table = '{table.Table}') TO STDOUT WITH (FORMAT text)
            """,
            cancellationToken);

    /// <summary>The fixture's table_sync row of the table, without the id column.</summary>
    public static string FixtureTableSync(string file, TableName table)
        => string.Concat(OfficialFixtures.Read(file).Split('\n')
            .Where(l => l.Split('\t') is { Length: > 2 } f && f[1] == table.Namespace && f[2] == table.Table)
            .Select(l => l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..] + "\n"));

    public static async Task<string> CopyOutAsync(string connectionString, string copySql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand("SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1", connection))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        using var reader = await connection.BeginTextExportAsync(copySql, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
