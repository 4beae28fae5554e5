using CanvasData2.Dap;
using CanvasData2.Model;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// Forwards to a real <see cref="IDapClient"/> and lets a test act at precise moments: after a job starts,
/// or while an object's bytes are being read (e.g. to kill the database backend in the middle of a COPY).
/// </summary>
internal sealed class HookedDapClient(IDapClient inner) : IDapClient
{
    public Func<DapJob, Task>? AfterStartQuery { get; set; }

    /// <summary>Wraps each opened object stream (the download as the engine reads it).</summary>
    public Func<Stream, Stream>? WrapObject { get; set; }

    public Task AuthenticateAsync(CancellationToken cancellationToken = default) => inner.AuthenticateAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListTablesAsync(string ns, CancellationToken cancellationToken = default) => inner.ListTablesAsync(ns, cancellationToken);

    public Task<TableSchema> GetSchemaAsync(string ns, string table, CancellationToken cancellationToken = default) => inner.GetSchemaAsync(ns, table, cancellationToken);

    public async Task<DapJob> StartQueryAsync(string ns, string table, QueryRequest request, CancellationToken cancellationToken = default)
    {
        var job = await inner.StartQueryAsync(ns, table, request, cancellationToken);
        if (AfterStartQuery is { } hook)
        {
            await hook(job);
        }

        return job;
    }

    public Task<DapJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetJobAsync(jobId, cancellationToken);

    public Task<IReadOnlyDictionary<string, Uri>> GetObjectUrlsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken = default)
        => inner.GetObjectUrlsAsync(objectIds, cancellationToken);

    public async Task<Stream> OpenObjectAsync(string objectId, CancellationToken cancellationToken = default)
    {
        var stream = await inner.OpenObjectAsync(objectId, cancellationToken);
        return WrapObject is { } wrap ? wrap(stream) : stream;
    }
}
