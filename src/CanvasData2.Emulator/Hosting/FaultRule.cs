namespace CanvasData2.Emulator;

/// <summary>What a matching request suffers.</summary>
public enum FaultKind
{
    /// <summary>429 with a `Retry-After` header.</summary>
    TooManyRequests,

    /// <summary>500 with a DAP error body.</summary>
    InternalError,

    /// <summary>504 with the gateway's `{"error": {"message"}}` body.</summary>
    GatewayTimeout,

    /// <summary>The response is delayed by <see cref="FaultRule.Delay"/>, then served normally.</summary>
    SlowResponse,

    /// <summary>401 as if the token had expired.</summary>
    ExpiredToken,

    /// <summary>403 on an object download, as if the pre-signed URL had expired.</summary>
    ExpiredUrl,

    /// <summary>An object download is cut in the middle of its gzip stream.</summary>
    TruncatedBody,

    /// <summary>An object download answers 200 with the object's content not gzipped (as a misbehaving proxy might).</summary>
    NotGzip,

    /// <summary>A job created by the matching request ends `failed`.</summary>
    FailedJob,
}

/// <summary>
/// A fault for requests whose method (null: any) and path match. It fires on the first <see cref="Count"/> matches,
/// or with <see cref="Probability"/> drawn from a generator seeded with <see cref="Seed"/>, or (neither set) always.
/// </summary>
public sealed record FaultRule(FaultKind Kind, string PathPattern, string? Method = null)
{
    public int? Count { get; init; }

    public double? Probability { get; init; }

    public int Seed { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    public int RetryAfterSeconds { get; init; } = 1;
}
