namespace CanvasData2.Replication;

/// <summary>Settings of the <see cref="ReplicaEngine"/>.</summary>
public sealed record ReplicaOptions
{
    /// <summary>How long a commit waits for another commit of the same table before it returns <see cref="CommitOutcome.Busy"/>.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest TSV line (one row, in bytes) an object may hold: 128 MiB by default, far above any real row (DAP
    /// aims at ~128 MB per whole object). A longer line fails the object with an error naming table, object and
    /// line, instead of growing the read buffer without bound.
    /// </summary>
    public int MaxLineBytes { get; set; } = 128 << 20;

    /// <summary>
    /// Memory for lines longer than a chunk (1 MiB), shared by every load of the engine: one long line at a time
    /// is read and converted within it, while other loads meet their long lines after it. Peak memory of loading
    /// is thus (concurrent loads × about 9 MiB) + this budget, for any input. The default, 768 MiB, converts a line
    /// of <see cref="MaxLineBytes"/> with array fields (about 5 × its length); a line needing more fails, naming
    /// table, object and line.
    /// </summary>
    public long LoadMemoryBudgetBytes { get; set; } = 768L << 20;

    /// <summary>
    /// <c>work_mem</c> (MB) of a sync's commit transaction, for its de-duplication and merge joins (the server
    /// default of 4 MB makes them spill to disk); at most one commit per table runs at a time.
    /// </summary>
    public int MergeWorkMemMb { get; set; } = 64;

    /// <summary>
    /// Namespaces whose snapshots cover a recent window only (DAP keeps <c>canvas_logs</c> for 30 days). A snapshot
    /// that replaces a table of one of them keeps the rows it no longer has (<see cref="CommitResult.RowsKept"/>):
    /// the replica holds the history DAP forgets.
    /// </summary>
    public IReadOnlySet<string> WindowedNamespaces { get; set; } = new HashSet<string>(StringComparer.Ordinal) { "canvas_logs" };

    /// <summary>
    /// How long rows of <see cref="WindowedNamespaces"/> are kept, by their <c>timestamp</c> column; null (the
    /// default) keeps everything. Older rows are left out when a snapshot replaces the table, and deleted by the
    /// first sync of each day.
    /// </summary>
    public TimeSpan? WindowedRetention { get; set; }

    /// <summary>
    /// Roles that may read the replica: granted at the start of every run (and on every table an init swaps in)
    /// CONNECT, USAGE on the replicated schemas and <c>instructure_dap</c>, SELECT on their tables. A role that
    /// was a reader before and is no longer listed loses those grants. Empty: nobody but the owner.
    /// </summary>
    public IReadOnlyList<ReaderRole> Readers { get; set; } = [];

    /// <summary>
    /// Where the roles of Entra <see cref="Readers"/> are made: Azure keeps <c>pgaadauth_create_principal_with_oid</c>
    /// in the server's <c>postgres</c> database, signed in to as the replica is. Null: the replica's own database.
    /// </summary>
    public Npgsql.NpgsqlDataSource? RoleAdminDataSource { get; set; }
}
