using CanvasData2.Model;

namespace CanvasData2.Orchestration;

/// <summary>
/// Input of <see cref="TableOrchestrator"/>: the table, the start slot its first DAP job may use
/// (null: no pacing), the run's tuning, and whether a table that could sync is re-initialized instead.
/// </summary>
public sealed record TableWork(TableName Table, DateTime? NotBeforeUtc, RefreshTuning Tuning, bool Reinit = false);
