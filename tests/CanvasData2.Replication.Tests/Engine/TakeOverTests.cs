using System.Text;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>A database built by the official client is synced by our engine with no DDL and the same rows.</summary>
public sealed class TakeOverTests
{
    private static readonly string[] ReplicaSchemas = ["canvas", "catalog", "instructure_dap"];

    [Fact]
    public async Task An_official_client_database_syncs_without_ddl_to_the_official_step1_rows()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        await RestoreOfficialStep0Async(db, cancellationToken);
        var before = await PgDump.SchemaOnlyAsync(db, ReplicaSchemas, cancellationToken);

        foreach (var table in new[] { Users, Assignments })
        {
            Assert.Equal(new SyncFrom(Step0, 1), await engine.PlanAsync(table, cancellationToken));
            var sync = new StagingTarget(table, "takeover", StagingKind.Changes);
            await StageFixtureAsync(engine, sync, "incremental-step0-step1", OfficialFixtures.Schema(table), cancellationToken);
            Assert.Equal(CommitOutcome.Committed, (await engine.CommitSyncAsync(sync, Step0, Step1, cancellationToken)).Outcome);
            Assert.Equal(OfficialFixtures.Read($"data-step1/{table}.tsv"), await DumpAsync(db, table, cancellationToken));
        }

        Assert.Equal(before, await PgDump.SchemaOnlyAsync(db, ReplicaSchemas, cancellationToken));
        var tableSync = await CopyOutAsync(db, "COPY (SELECT * FROM instructure_dap.table_sync ORDER BY id) TO STDOUT WITH (FORMAT text, HEADER)", cancellationToken);
        var expected = OfficialFixtures.Read("table_sync-step0.tsv").Split('\n')
            .Select(l => l.Contains("\tusers\t", StringComparison.Ordinal) || l.Contains("\tassignments\t", StringComparison.Ordinal)
                ? l.Replace("2026-11-01 00:00:00", "2026-11-01 03:00:00", StringComparison.Ordinal) : l);
        Assert.Equal(string.Join('\n', expected), tableSync);
        Assert.Equal("1\n", await CopyOutAsync(db, "COPY instructure_dap.database_version TO STDOUT", cancellationToken));
    }

    /// <summary>Loads ddl-step0.sql, every data-step0 table and the bookkeeping rows, as the official client left them.</summary>
    internal static async Task RestoreOfficialStep0Async(string db, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        var ddl = string.Join('\n', OfficialFixtures.Read("ddl-step0.sql").Split('\n').Where(l => !l.StartsWith('\\')));
        await using (var create = new NpgsqlCommand(ddl, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var path = new NpgsqlCommand("SET search_path = public", connection))
        {
            await path.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(OfficialFixtures.Directory, "data-step0")))
        {
            var name = Path.GetFileNameWithoutExtension(file).Split('.');
            await CopyInAsync(connection, $"\"{name[0]}\".\"{name[1]}\"", File.ReadAllText(file), cancellationToken);
        }

        await CopyInAsync(connection, "instructure_dap.table_sync", OfficialFixtures.Read("table_sync-step0.tsv"), cancellationToken);
        await CopyInAsync(connection, "instructure_dap.database_version", OfficialFixtures.Read("database_version.tsv"), cancellationToken);
    }

    private static async Task CopyInAsync(NpgsqlConnection connection, string table, string tsv, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN WITH (FORMAT text, HEADER)", cancellationToken);
        await writer.WriteAsync(new StringBuilder(tsv), cancellationToken);
    }
}
