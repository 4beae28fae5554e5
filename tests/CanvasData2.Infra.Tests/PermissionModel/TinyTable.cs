using System.Text;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication;

namespace CanvasData2.Infra.Tests.PermissionModel;

/// <summary>The smallest useful DAP table for the permission-model tests: key id, one string value, two rows.</summary>
internal static class TinyTable
{
    public const string Rows = "meta.ts\tkey.id\tvalue.name\n2026-11-01T00:00:00.000Z\t1\tfirst\n2026-11-01T00:00:00.000Z\t2\tsecond\n";

    /// <summary>The snapshot's timestamp.</summary>
    public static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static Stream Object() => new MemoryStream(Encoding.UTF8.GetBytes(Rows));

    /// <summary>Stages the two rows as <paramref name="target"/>'s only object (preparing it when needed) and publishes them at <see cref="At"/>.</summary>
    public static async Task PublishAsync(ReplicaEngine engine, StagingTarget target, CancellationToken cancellationToken)
    {
        await engine.PrepareStagingAsync(target, Schema(), cancellationToken);
        await engine.LoadObjectAsync(target, "part-0", 0, Object(), cancellationToken);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, At, cancellationToken)).Outcome);
    }

    public static TableSchema Schema()
    {
        const string json = """
            {"type": "object", "properties": {
              "key": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}}, "required": ["id"], "additionalProperties": false},
              "value": {"type": "object", "properties": {"name": {"type": "string"}}, "required": [], "additionalProperties": false},
              "meta": {"type": "object", "properties": {"ts": {"type": "string", "format": "date-time"}}}},
             "required": ["key"]}
            """;
        using var document = JsonDocument.Parse(json);
        return new TableSchema(document.RootElement.Clone(), 1);
    }
}
