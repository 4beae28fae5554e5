namespace CanvasData2.Dap;

/// <summary>Life cycle of a DAP query job.</summary>
public enum JobStatus
{
    Waiting,
    Running,
    Complete,
    Failed,
}

/// <summary>
/// A query job as DAP reports it. <see cref="ObjectIds"/>, <see cref="SchemaVersion"/> and
/// <see cref="At"/> (snapshot) or <see cref="Since"/>/<see cref="Until"/> (incremental) are set once complete;
/// <see cref="Error"/> once failed.
/// </summary>
public sealed record DapJob(
    string Id,
    JobStatus Status,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? ObjectIds = null,
    long? SchemaVersion = null,
    DateTimeOffset? At = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    DapError? Error = null)
{
    public bool IsTerminal => Status is JobStatus.Complete or JobStatus.Failed;

    /// <summary>The point in time the replica reaches once this job's data is applied.</summary>
    public DateTimeOffset? DataAsOf => Until ?? At;
}
