using CanvasData2.Dap;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Replication;
using Microsoft.DurableTask;

namespace CanvasData2.Orchestration.Orchestrators;

internal enum JobRunKind
{
    Done,

    /// <summary>A snapshot must replace the table: DAP's SnapshotRequired, or a schema change that cannot migrate.</summary>
    ReinitNeeded,
    Stale,
    Failed,
}

internal sealed record JobRun(JobRunKind Kind, CommitOutput? Commit = null, TableError? Failure = null, long TruncatedValues = 0);

/// <summary>One DAP job from creation to commit: start, poll, stage, load every object, commit.</summary>
internal sealed partial class TableRun
{
    /// <summary>DAP's error type for a job whose processing failed on its side.</summary>
    private const string ProcessingError = "ProcessingError";

    /// <summary>Loading a job takes minutes: one that expires sooner than this is treated as expired already.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(10);

    private async Task<JobRun> RunJobAsync(DateTimeOffset? since)
    {
        for (var query = 0; ; query++)
        {
            var job = await StartJobAsync(since);
            if (job.Kind == JobStateKind.SnapshotRequired)
            {
                return new JobRun(JobRunKind.ReinitNeeded);
            }

            job = await WaitForJobAsync(job);
            if (job.Kind == JobStateKind.Failed && job.Failure?.DapErrorType == ProcessingError && query < _tuning.MaxRequeries)
            {
                // DAP's ProcessingError is transient in practice: a new job after a backoff, within the same run.
                await context.CreateTimer(TimeSpan.FromSeconds(_tuning.RetryFirstSeconds * (1 << query)), CancellationToken.None);
                continue;
            }

            if (job.Kind == JobStateKind.Complete && job.ExpiresAt <= context.CurrentUtcDateTime.Add(ExpiryMargin))
            {
                // DAP drops an expired job's objects (a run resumed hours later, or DAP handed back an old job):
                // never request them; a new job brings the same data.
                if (query < _tuning.MaxRequeries)
                {
                    continue;
                }

                return new JobRun(JobRunKind.Failed, Failure: new TableError(
                    TableErrorKind.JobEnded, $"Job {job.JobId} of {work.Table} had expired ({job.ExpiresAt:O}) each of the {query + 1} times it completed."));
            }

            if (job.Kind != JobStateKind.Complete)
            {
                return new JobRun(JobRunKind.Failed, Failure: job.Failure ?? new TableError(TableErrorKind.JobEnded, $"Job {job.JobId} of {work.Table} ended as {job.Kind}."));
            }

            var staging = since is null
                ? new StagingTarget(work.Table, SnapshotStagingId(job.JobId!), StagingKind.Snapshot)
                : new StagingTarget(work.Table, job.JobId!, StagingKind.Changes);
            var prepared = await CallAsync<PrepareResult>(nameof(PrepareStagingActivity), new PrepareStagingInput(staging, job.SchemaVersion));
            if (prepared.Kind == PrepareKind.SchemaChanged && query < _tuning.MaxRequeries)
            {
                continue;
            }

            if (prepared.Kind != PrepareKind.Ready)
            {
                await DiscardQuietlyAsync(staging);
                return new JobRun(JobRunKind.Failed, Failure: prepared.Failure ?? new TableError(
                    TableErrorKind.JobSchemaChanged, $"The schema of {work.Table} changed during every one of {query + 1} queries (now version {prepared.SchemaVersion})."));
            }

            JobRun run;
            try
            {
                run = await LoadAndCommitAsync(staging, job, since);
            }
            finally
            {
                await DiscardQuietlyAsync(staging);
            }

            // DAP keeps a job's objects for a limited time: an object gone (or its URL refused twice) means query
            // again; so does a staging table a database crash emptied (the commit discarded it and its ledger).
            if (run.Failure?.Kind is TableErrorKind.DapNotFound or TableErrorKind.ReplicaStagingLost && query < _tuning.MaxRequeries)
            {
                continue;
            }

            return run;
        }
    }

    /// <summary>
    /// DAP answers an identical query with the live job it already has, so a re-init within a job's lifetime can get
    /// the very snapshot job its init committed, which the ledger would call committed already. A snapshot that
    /// replaces a table is therefore staged under the job id and the meta timestamp it replaces: published anew, yet
    /// the same id again when a crashed re-init resumes (the table still has that timestamp).
    /// </summary>
    private string SnapshotStagingId(string jobId)
        => _replacedSince is { } since ? $"{jobId}@{since.ToUnixTimeMilliseconds()}" : jobId;

    private async Task<JobRun> LoadAndCommitAsync(StagingTarget staging, JobState job, DateTimeOffset? since)
    {
        var objects = (job.ObjectIds ?? []).Select((id, ordinal) => new LoadObjectInput(staging, id, ordinal)).ToList();
        var loads = await BoundedFanOut.RunAsync(
            objects,
            _tuning.MaxParallelObjects,
            input => CallAsync<LoadObjectOutput>(nameof(LoadObjectActivity), input));
        if (loads.FirstOrDefault(l => l.Failure is not null)?.Failure is { } loadFailure)
        {
            return new JobRun(JobRunKind.Failed, Failure: loadFailure);
        }

        DateTimeOffset? until = since is null ? job.At : job.Until;
        if (until is null)
        {
            return new JobRun(JobRunKind.Failed, Failure: new TableError(TableErrorKind.DapProtocol, $"Job {job.JobId} of {work.Table} completed without a timestamp."));
        }

        var commit = await CommitAsync(new CommitInput(staging, since is null ? null : job.Since ?? since, until.Value));
        if (since is null && commit.RowsUpserted == 0)
        {
            // A snapshot swap does not count rows; what the loads staged is what the table now holds.
            commit = commit with { RowsUpserted = loads.Sum(l => l.Rows) };
        }

        return commit.Outcome switch
        {
            CommitOutcome.Committed or CommitOutcome.AlreadyCommitted => new JobRun(JobRunKind.Done, commit, TruncatedValues: loads.Sum(l => l.TruncatedValues)),
            CommitOutcome.ReinitNeeded when since is not null => new JobRun(JobRunKind.ReinitNeeded),
            CommitOutcome.Stale when since is not null => new JobRun(JobRunKind.Stale, Failure: new TableError(TableErrorKind.ReplicaStale, commit.Detail ?? $"The meta row of {work.Table} changed during the sync.")),
            CommitOutcome.StagingLost => new JobRun(JobRunKind.Failed, Failure: new TableError(TableErrorKind.ReplicaStagingLost, commit.Detail ?? $"The staging of {work.Table} was lost before its commit.")),
            CommitOutcome.Busy => new JobRun(JobRunKind.Failed, Failure: new TableError(TableErrorKind.ReplicaBusy, $"{work.Table} stayed locked by another sync through {_tuning.BusyMaxWaits} waits.")),
            _ => new JobRun(JobRunKind.Failed, Failure: commit.Failure ?? new TableError(TableErrorKind.Replica, commit.Detail ?? $"Commit of {work.Table} ended as {commit.Outcome}.")),
        };
    }

    private async Task<CommitOutput> CommitAsync(CommitInput input)
    {
        for (var wait = 0; ; wait++)
        {
            var commit = await CallAsync<CommitOutput>(nameof(CommitActivity), input);
            if (commit.Outcome != CommitOutcome.Busy || wait >= _tuning.BusyMaxWaits)
            {
                return commit;
            }

            await context.CreateTimer(TimeSpan.FromSeconds(_tuning.BusyWaitSeconds), CancellationToken.None);
        }
    }

    private async Task DiscardQuietlyAsync(StagingTarget staging)
    {
        try
        {
            await CallAsync<StepResult>(nameof(DiscardStagingActivity), staging);
        }
        catch (TaskFailedException)
        {
            // A leftover staging area is harmless: the next job of the table uses its own.
        }
    }
}
