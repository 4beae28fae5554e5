using CanvasData2.Model;

namespace CanvasData2.Replication;

/// <summary>Whether a job's data replaces the table (snapshot) or changes it (incremental).</summary>
public enum StagingKind
{
    Snapshot,
    Changes,
}

/// <summary>The staging area of one DAP job for one table.</summary>
public sealed record StagingTarget(TableName Table, string JobId, StagingKind Kind);
