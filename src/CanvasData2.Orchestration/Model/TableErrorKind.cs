using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using CanvasData2.Dap;

namespace CanvasData2.Orchestration;

/// <summary>
/// Every kind a <see cref="TableError"/> can have: one closed set, spelled on the wire (run summary JSON,
/// orchestration history, CLI output) as the lower-case dotted names below.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TableErrorKind>))]
public enum TableErrorKind
{
    /// <summary>A DAP error that outlived the client's retries (<see cref="DapErrorKind.Transient"/>).</summary>
    [JsonStringEnumMemberName("dap.transient")] DapTransient,

    /// <summary>Wrong client id or secret (<see cref="DapErrorKind.Authentication"/>).</summary>
    [JsonStringEnumMemberName("dap.authentication")] DapAuthentication,

    /// <summary>The account or request is not allowed (<see cref="DapErrorKind.Forbidden"/>).</summary>
    [JsonStringEnumMemberName("dap.forbidden")] DapForbidden,

    /// <summary>Unknown namespace, table, job or object, or an expired one (<see cref="DapErrorKind.NotFound"/>).</summary>
    [JsonStringEnumMemberName("dap.notfound")] DapNotFound,

    /// <summary>DAP asks for a new snapshot (<see cref="DapErrorKind.SnapshotRequired"/>).</summary>
    [JsonStringEnumMemberName("dap.snapshotrequired")] DapSnapshotRequired,

    /// <summary>DAP refused the request itself (<see cref="DapErrorKind.BadRequest"/>).</summary>
    [JsonStringEnumMemberName("dap.badrequest")] DapBadRequest,

    /// <summary>A response outside the wire contract (<see cref="DapErrorKind.Protocol"/>).</summary>
    [JsonStringEnumMemberName("dap.protocol")] DapProtocol,

    /// <summary>DAP reported the query job as failed (<see cref="DapErrorKind.JobFailed"/>).</summary>
    [JsonStringEnumMemberName("dap.jobfailed")] DapJobFailed,

    /// <summary>A namespace or table name outside the strict pattern, refused before any URL or SQL (<see cref="DapErrorKind.InvalidName"/>).</summary>
    [JsonStringEnumMemberName("dap.invalidname")] DapInvalidName,

    /// <summary>DAP kept refusing new jobs (429) through every durable wait.</summary>
    [JsonStringEnumMemberName("dap.ratelimited")] DapRateLimited,

    /// <summary>A query job ended in a state the table cannot use.</summary>
    [JsonStringEnumMemberName("job.ended")] JobEnded,

    /// <summary>A query job did not finish within the job timeout.</summary>
    [JsonStringEnumMemberName("job.timeout")] JobTimeout,

    /// <summary>The table's schema changed during every allowed query.</summary>
    [JsonStringEnumMemberName("job.schemachanged")] JobSchemaChanged,

    /// <summary>A table of the include list is not in the DAP namespace.</summary>
    [JsonStringEnumMemberName("table.notlisted")] TableNotListed,

    /// <summary>An activity still failed after every retry (transient faults only reach the retry policy).</summary>
    [JsonStringEnumMemberName("retries.exhausted")] RetriesExhausted,

    /// <summary>The replica engine refused or failed (its message names the table and column).</summary>
    [JsonStringEnumMemberName("replica")] Replica,

    /// <summary>The table's meta row changed during a sync.</summary>
    [JsonStringEnumMemberName("replica.stale")] ReplicaStale,

    /// <summary>Another commit held the table's lock through every wait.</summary>
    [JsonStringEnumMemberName("replica.busy")] ReplicaBusy,

    /// <summary>A database crash emptied the job's staging before its commit, through every allowed query.</summary>
    [JsonStringEnumMemberName("replica.staginglost")] ReplicaStagingLost,

    /// <summary>A snapshot could not be committed.</summary>
    [JsonStringEnumMemberName("replica.initrefused")] ReplicaInitRefused,

    /// <summary>A PostgreSQL error; the message starts with its SQLSTATE.</summary>
    [JsonStringEnumMemberName("postgres")] Postgres,

    /// <summary>Any other exception; the message starts with its type name.</summary>
    [JsonStringEnumMemberName("unexpected")] Unexpected,
}

/// <summary>Names and mappings of <see cref="TableErrorKind"/>.</summary>
public static class TableErrorKinds
{
    private static readonly FrozenDictionary<TableErrorKind, string> Names = Enum.GetValues<TableErrorKind>().ToFrozenDictionary(
        kind => kind,
        kind => typeof(TableErrorKind).GetField(kind.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    /// <summary>The wire spelling of <paramref name="kind"/>, e.g. <c>dap.notfound</c>.</summary>
    public static string Name(this TableErrorKind kind) => Names[kind];

    /// <summary>The kind of a DAP error.</summary>
    public static TableErrorKind Of(DapErrorKind kind) => kind switch
    {
        DapErrorKind.Transient => TableErrorKind.DapTransient,
        DapErrorKind.Authentication => TableErrorKind.DapAuthentication,
        DapErrorKind.Forbidden => TableErrorKind.DapForbidden,
        DapErrorKind.NotFound => TableErrorKind.DapNotFound,
        DapErrorKind.SnapshotRequired => TableErrorKind.DapSnapshotRequired,
        DapErrorKind.BadRequest => TableErrorKind.DapBadRequest,
        DapErrorKind.Protocol => TableErrorKind.DapProtocol,
        DapErrorKind.JobFailed => TableErrorKind.DapJobFailed,
        DapErrorKind.InvalidName => TableErrorKind.DapInvalidName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A DAP error kind without a table error kind."),
    };
}
