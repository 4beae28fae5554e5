using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Formats;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Jobs;

/// <summary>Everything a job's data depends on, captured when the job is created (later admin changes do not leak in).</summary>
internal sealed record JobSpec(
    string Namespace,
    string Table,
    QueryFormat Format,
    TableVersion[] Versions,
    TableVersion Target,
    RowTimeline Timeline,
    int UntilStep,
    int? SinceStep,
    int RowsPerObject,
    Func<int, DateTimeOffset> StepTime)
{
    public bool Incremental => SinceStep is not null;
}
