using Microsoft.Extensions.Logging;

namespace CanvasData2.Orchestration.Activities;

internal static partial class ActivityLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Activity} failed for {Subject}: {Kind} {Message} (DAP uuid {DapUuid})")]
    public static partial void ActivityFailed(this ILogger logger, string activity, string subject, string kind, string message, string? dapUuid);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Loaded object {ObjectId} of {Table}: {Rows} rows (already loaded: {AlreadyLoaded})")]
    public static partial void ObjectLoaded(this ILogger logger, string objectId, string table, long rows, bool alreadyLoaded);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Started DAP job {JobId} for {Table} (incremental: {Incremental})")]
    public static partial void JobStarted(this ILogger logger, string jobId, string table, bool incremental);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Commit of {Table} job {JobId}: {Outcome}, {Upserted} upserted, {Deleted} deleted")]
    public static partial void Committed(this ILogger logger, string table, string jobId, CanvasData2.Replication.CommitOutcome outcome, long upserted, long deleted);

    public static Action<TableError> For(ILogger logger, string activity, string subject)
        => error => logger.ActivityFailed(activity, subject, error.Kind.Name(), error.Message, error.DapUuid);
}
