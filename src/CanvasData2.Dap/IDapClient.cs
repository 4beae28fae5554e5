using CanvasData2.Model;

namespace CanvasData2.Dap;

/// <summary>
/// Instructure's DAP Query API (Canvas Data 2), as described in <c>docs/dap-protocol.md</c>.
/// Implementations authenticate, retry transient faults and pace rate-limited calls themselves.
/// </summary>
public interface IDapClient
{
    /// <summary>
    /// Signs in now rather than at the first call; the token is kept for the calls that follow. Lets a caller
    /// overlap the sign-in (and the set-up of the first HTTPS call) with other work.
    /// </summary>
    Task AuthenticateAsync(CancellationToken cancellationToken = default);

    /// <summary>Tables of a namespace (<c>GET /dap/query/{ns}/table</c>). Paced to the per-minute limit.</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>The table's current JSON schema and its version.</summary>
    Task<TableSchema> GetSchemaAsync(string ns, string table, CancellationToken cancellationToken = default);

    /// <summary>Starts (or rejoins an identical live) snapshot or incremental query. Paced to the per-minute limit.</summary>
    Task<DapJob> StartQueryAsync(string ns, string table, QueryRequest request, CancellationToken cancellationToken = default);

    /// <summary>The state of a query job.</summary>
    Task<DapJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Pre-signed download URLs for the given object ids.</summary>
    Task<IReadOnlyDictionary<string, Uri>> GetObjectUrlsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves a fresh URL for one object and opens it as a decompressed stream (gzip removed for
    /// tsv/csv/jsonl). The bytes are streamed, never buffered whole; a truncated body fails the read.
    /// </summary>
    Task<Stream> OpenObjectAsync(string objectId, CancellationToken cancellationToken = default);
}
