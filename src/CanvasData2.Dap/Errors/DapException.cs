namespace CanvasData2.Dap;

/// <summary>
/// A DAP call that failed for good (after retries). Carries the HTTP status and DAP's error type and uuid;
/// the message never contains credentials or tokens.
/// </summary>
public sealed class DapException : Exception
{
    public DapException(DapErrorKind kind, string message, int? statusCode = null, DapError? error = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
    }

    public DapErrorKind Kind { get; }

    public int? StatusCode { get; }

    public DapError? Error { get; }

    public bool IsTransient => Kind == DapErrorKind.Transient;
}
