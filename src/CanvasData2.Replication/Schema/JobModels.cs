using System.Collections.Concurrent;
using System.Text.Json;
using CanvasData2.Model;
using CanvasData2.Replication.Bookkeeping;

namespace CanvasData2.Replication.Schema;

/// <summary>
/// The compiled model of each staged job's schema, cached per engine: without it every object of a job would compile
/// the schema again. Forgotten once the job is published or discarded.
/// </summary>
internal sealed class JobModels
{
    private readonly ConcurrentDictionary<(TableName Table, string JobId), TableModel> _models = new();

    public TableModel Of(StagingJob job)
        => _models.GetOrAdd((job.Target.Table, job.Target.JobId), _ =>
        {
            using var document = JsonDocument.Parse(job.SchemaJson);
            return SchemaCompiler.Compile(job.Target.Table, new TableSchema(document.RootElement.Clone(), job.SchemaVersion));
        });

    public void Forget(StagingTarget target) => _models.TryRemove((target.Table, target.JobId), out _);
}
