namespace CanvasData2.Emulator;

/// <summary>Settings of an emulated DAP Query API. Every default suits a quick local run.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Rows of every table at step 0, unless <see cref="TableRows"/> names the table.</summary>
    public long Rows { get; set; } = 1000;

    /// <summary>Rows at step 0 per table, keyed `namespace.table`.</summary>
    public IDictionary<string, long> TableRows { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public long Seed { get; set; } = 1;

    /// <summary>Largest number of records in one object; bigger results come in several objects.</summary>
    public int RowsPerObject { get; set; } = 100_000;

    /// <summary>How long a job stays `waiting` then `running` before it completes.</summary>
    public TimeSpan JobDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan JobLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Enforce DAP's per-minute limits (create job 5, list tables 5, job 500, schema 500, URLs 200).</summary>
    public bool RateLimits { get; set; }

    /// <summary>Namespaces (`canvas`) or tables (`canvas.users`) to serve; empty serves every built-in table.</summary>
    public ISet<string> Tables { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Accepted client id; generated per run when null.</summary>
    public string? ClientId { get; set; }

    /// <summary>Accepted client secret; generated per run when null.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Namespaces whose snapshots hold recent rows only, as DAP serves canvas_logs: rows last written more than
    /// <see cref="SnapshotWindow"/> before the snapshot's time are not in it.
    /// </summary>
    public ISet<string> WindowedNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal) { "canvas_logs" };

    /// <summary>How far back a snapshot of a <see cref="WindowedNamespaces"/> table reaches (DAP: 30 days).</summary>
    public TimeSpan SnapshotWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Share (0 to 1) of an incremental job's updated keys that also appear earlier in the job with the values
    /// they had at its start: a key in more than one row (and often more than one object), whose last row wins.
    /// </summary>
    public double RepeatedKeyShare { get; set; }

    /// <summary>The time of step 0.</summary>
    public DateTimeOffset BaseTime { get; set; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan StepLength { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Where generated objects are cached; a fresh temporary directory when null (deleted on dispose).</summary>
    public string? CacheDirectory { get; set; }

    internal long RowsFor(string qualifiedTable) => TableRows.TryGetValue(qualifiedTable, out var rows) ? rows : Rows;

    internal bool Serves(string ns, string table) =>
        Tables.Count == 0 || Tables.Contains(ns) || Tables.Contains($"{ns}.{table}");
}
