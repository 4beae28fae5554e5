using System.Net.Sockets;
using CanvasData2.Dap;
using CanvasData2.Replication;
using Npgsql;

namespace CanvasData2.Orchestration.Activities;

/// <summary>
/// Splits exceptions at the activity boundary: transient faults are rethrown so the orchestrator's
/// retry policy repeats the (idempotent) activity with backoff; everything else becomes a
/// <see cref="TableError"/> returned as data, which fails the table without retries.
/// </summary>
internal static class ActivityFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        DapException dap => dap.IsTransient,
        ReplicationException replication => replication.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    public static TableError ToError(Exception e) => e switch
    {
        DapException dap => new TableError(
            TableErrorKinds.Of(dap.Kind),
            dap.Error?.Message ?? dap.Message,
            dap.Error?.Type,
            dap.Error?.Uuid),
        ReplicationException replication => new TableError(TableErrorKind.Replica, replication.Message),
        PostgresException postgres => new TableError(TableErrorKind.Postgres, $"{postgres.SqlState}: {postgres.MessageText}"),
        _ => new TableError(TableErrorKind.Unexpected, $"{e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Runs <paramref name="body"/>; a permanent failure becomes <paramref name="onFailure"/>'s result.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> body, Func<TableError, T> onFailure, Action<TableError> log)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsTransient(e))
        {
            var error = ToError(e);
            log(error);
            return onFailure(error);
        }
    }
}
