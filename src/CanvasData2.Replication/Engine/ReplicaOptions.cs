namespace CanvasData2.Replication;

/// <summary>Settings of the <see cref="ReplicaEngine"/>.</summary>
public sealed record ReplicaOptions
{
    /// <summary>How long a commit waits for another commit of the same table before it returns <see cref="CommitOutcome.Busy"/>.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>work_mem</c> (MB) of a sync's commit transaction, for its de-duplication and merge joins (the server
    /// default of 4 MB makes them spill to disk); at most one commit per table runs at a time.
    /// </summary>
    public int MergeWorkMemMb { get; set; } = 64;
}
