namespace CanvasData2.Dap;

/// <summary>What a failed DAP call means for the caller.</summary>
public enum DapErrorKind
{
    /// <summary>Network fault, timeout, 5xx, 504 or 429 that outlived the retries: try again later.</summary>
    Transient,

    /// <summary>401 even after a fresh token, or 400/401/403 at login: wrong client id or secret.</summary>
    Authentication,

    /// <summary>403: account not onboarded, disabled, under maintenance, or request type forbidden.</summary>
    Forbidden,

    /// <summary>404: unknown namespace, table, job or object, or an expired job/object.</summary>
    NotFound,

    /// <summary>400 that asks for a new snapshot (table reloaded, since out of range): the table needs init.</summary>
    SnapshotRequired,

    /// <summary>Any other 4xx: the request itself is wrong.</summary>
    BadRequest,

    /// <summary>A response that does not follow the wire contract (shape, gzip, encoding).</summary>
    Protocol,

    /// <summary>The query job ended with <c>status: failed</c>.</summary>
    JobFailed,

    /// <summary>A namespace or table name (or job id) that fails <see cref="DapNames"/>' strict pattern; nothing was sent.</summary>
    InvalidName,
}
