using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication;

namespace CanvasData2.Orchestration.Tests.Support;

/// <summary>
/// The real engine, except that some calls are killed the way the Functions host kills an activity at its
/// timeout: the work stops mid-way (its transaction never commits) and the activity fails with a timeout,
/// whatever it was doing. <see cref="KillLoads"/> first object loads are cut after a few bytes; <see cref="KillCommits"/>
/// first commits never commit.
/// </summary>
internal sealed class KillingReplicaEngine(IReplicaEngine inner) : IReplicaEngine
{
    private int _loads;
    private int _commits;

    public int KillLoads { get; init; }

    public int KillCommits { get; init; }

    public int LoadAttempts => _loads;

    public int CommitAttempts => _commits;

    public async Task<ObjectLoadResult> LoadObjectAsync(StagingTarget target, string objectId, int ordinal, Stream tsv, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _loads) > KillLoads)
        {
            return await inner.LoadObjectAsync(target, objectId, ordinal, tsv, cancellationToken);
        }

        try
        {
            await inner.LoadObjectAsync(target, objectId, ordinal, new CutStream(tsv, 512), cancellationToken);
        }
        catch (IOException)
        {
            // The load died with the process; what it left (nothing, by the engine's contract) is what the retry finds.
        }

        throw Killed(nameof(LoadObjectAsync));
    }

    public Task<CommitResult> CommitInitAsync(StagingTarget target, DateTimeOffset at, CancellationToken cancellationToken = default)
        => Interlocked.Increment(ref _commits) > KillCommits
            ? inner.CommitInitAsync(target, at, cancellationToken)
            : throw Killed(nameof(CommitInitAsync));

    public Task EnsureBookkeepingAsync(CancellationToken cancellationToken = default) => inner.EnsureBookkeepingAsync(cancellationToken);

    public Task GrantReadersAsync(CancellationToken cancellationToken = default) => inner.GrantReadersAsync(cancellationToken);

    public Task RecordRunAsync(IReadOnlyList<TableRunRecord> runs, CancellationToken cancellationToken = default) => inner.RecordRunAsync(runs, cancellationToken);

    public Task<TablePlan> PlanAsync(TableName table, CancellationToken cancellationToken = default) => inner.PlanAsync(table, cancellationToken);

    public Task PrepareStagingAsync(StagingTarget target, TableSchema schema, CancellationToken cancellationToken = default)
        => inner.PrepareStagingAsync(target, schema, cancellationToken);

    public Task<CommitResult> CommitSyncAsync(StagingTarget target, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
        => inner.CommitSyncAsync(target, since, until, cancellationToken);

    public Task DiscardStagingAsync(StagingTarget target, CancellationToken cancellationToken = default) => inner.DiscardStagingAsync(target, cancellationToken);

    public Task<DropResult> DropAsync(TableName table, CancellationToken cancellationToken = default) => inner.DropAsync(table, cancellationToken);

    public Task<IReadOnlyList<TableStatus>> GetStatusAsync(string? ns = null, CancellationToken cancellationToken = default) => inner.GetStatusAsync(ns, cancellationToken);

    /// <summary>What the orchestrator sees of an activity the host killed at <c>functionTimeout</c>.</summary>
    private static TimeoutException Killed(string step) => new($"Timeout value of 01:00:00 was exceeded by function ({step} killed mid-way).");

    /// <summary>A download that dies after <paramref name="limit"/> bytes.</summary>
    private sealed class CutStream(Stream inner, int limit) : Stream
    {
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer[..Allowed(buffer.Length)]);
            _read += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
            _read += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Allowed(int wanted)
            => _read >= limit ? throw new IOException("The process was killed mid-load.") : Math.Min(wanted, limit - _read);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
