namespace CanvasData2.Replication;

/// <summary>
/// Points in the load and commit path that <see cref="ReplicaOptions.OnPhase"/> is told about, where a crash
/// must leave the replica as it was: the fault tests stop the process at each one.
/// </summary>
public enum ReplicaPhase
{
    /// <summary>Inside an object's COPY: every row sent, the COPY and its transaction still open.</summary>
    Load,

    /// <summary>A commit (init or sync) was asked for and has not opened its transaction yet.</summary>
    BeforeCommit,

    /// <summary>Inside the commit transaction: all changes written, the transaction not yet committed.</summary>
    Commit,
}
