using CanvasData2.Model;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Replication;

public sealed partial class ReplicaEngine
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Staging {Table} job {JobId} ({Kind}, schema version {Version}) is ready")]
    private partial void LogStagingReady(TableName table, string jobId, StagingKind kind, long version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Loaded object {ObjectId} of {Table} job {JobId}: {Rows} rows")]
    private partial void LogObjectLoaded(TableName table, string jobId, string objectId, long rows);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Committed {Table} job {JobId}: {Outcome}, {Upserted} upserted, {Deleted} deleted")]
    private partial void LogCommitted(TableName table, string jobId, CommitOutcome outcome, long upserted, long deleted);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Snapshot of {Table} job {JobId} repeats keys; keeping the last row of each key")]
    private partial void LogDuplicateKeys(TableName table, string jobId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Dropped {Table} (views dropped with it: {ViewCount})")]
    private partial void LogDropped(TableName table, int viewCount);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Changes of {Table} job {JobId}: the key fingerprints found {Superseded} rows superseded by a later row of their key; the de-duplication pass skipped")]
    private partial void LogKeysFingerprinted(TableName table, string jobId, int superseded);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Staging of {Table} job {JobId} was lost before its commit ({Shortfall}); discarded for a reload")]
    private partial void LogStagingLost(TableName table, string jobId, string shortfall);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Snapshot of {Table} job {JobId} covers a window only: kept {Rows} older rows of the replaced table")]
    private partial void LogRowsKept(TableName table, string jobId, long rows);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Expired {Rows} rows of {Table} older than {Cutoff:O} (retention)")]
    private partial void LogExpired(TableName table, long rows, DateTimeOffset cutoff);
}
