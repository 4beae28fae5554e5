using CanvasData2.Replication;

namespace CanvasData2.Orchestration;

/// <summary>
/// Input of <see cref="TableOrchestrator"/>: the table, the start slot its first DAP job may use
/// (null: no pacing), and the run's tuning.
/// </summary>
public sealed record TableWork(string Namespace, string Table, DateTime? NotBeforeUtc, RefreshTuning Tuning)
{
    public TableName Ref => new(Namespace, Table);
}
