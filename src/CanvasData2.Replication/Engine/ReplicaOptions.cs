namespace CanvasData2.Replication;

/// <summary>Settings of the <see cref="ReplicaEngine"/>.</summary>
public sealed record ReplicaOptions
{
    /// <summary>How long a commit waits for another commit of the same table before it returns <see cref="CommitOutcome.Busy"/>.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);
}
