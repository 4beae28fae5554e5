using CanvasData2.Emulator.Data;
using CanvasData2.Emulator.Formats;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Jobs;

/// <summary>
/// Everything a job's data depends on, captured when the job is created (later admin changes do not leak in).
/// <see cref="FirstStep"/>: a snapshot holds only rows last written at or after it (a windowed namespace).
/// <see cref="RepeatedKeyShare"/>: see <see cref="EmulatorOptions.RepeatedKeyShare"/>.
/// </summary>
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
    Func<int, DateTimeOffset> StepTime,
    int FirstStep = 0,
    double RepeatedKeyShare = 0)
{
    public bool Incremental => SinceStep is not null;
}
