using System.Net;
using System.Net.Http.Headers;
using CanvasData2.Dap.Auth;
using CanvasData2.Dap.Http;
using CanvasData2.Dap.Json;
using CanvasData2.Dap.Tests.Support;

namespace CanvasData2.Dap.Tests.Units;

public sealed class WireFormatTests
{
    [Theory]
    [InlineData("2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T05:04:05.5+02:00", "2024-01-02T03:04:05.500000Z")]
    [InlineData("2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05.123456Z")]
    public void Timestamp_is_utc_with_z_and_microseconds(string input, string expected) =>
        Assert.Equal(expected, DapRequestBodies.Timestamp(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Query_until_without_since_is_refused() =>
        Assert.Throws<ArgumentException>(() => DapRequestBodies.Validate(new QueryRequest(Until: DateTimeOffset.UnixEpoch)));

    [Fact]
    public void Jwt_expiry_reads_exp_and_ignores_garbage()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

        Assert.Equal(expires, JwtExpiry.TryRead(Jwt.Create(expires)));
        Assert.Null(JwtExpiry.TryRead("not-a-jwt"));
        Assert.Null(JwtExpiry.TryRead("a.%%%.c"));
        Assert.Null(JwtExpiry.TryRead("a.e30.c")); // {} without exp
    }

    [Fact]
    public void Access_token_to_string_hides_the_token() =>
        Assert.DoesNotContain("secret-token", new AccessToken("secret-token", DateTimeOffset.UnixEpoch).ToString(), StringComparison.Ordinal);

    [Fact]
    public void Retry_after_uses_seconds_or_date_and_defaults_only_for429()
    {
        var now = TimeProvider.System;
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        using var bare429 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var bare503 = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal(TimeSpan.FromSeconds(7), DapResilience.RetryAfter(seconds, TimeSpan.FromSeconds(30), now));
        Assert.Equal(TimeSpan.FromSeconds(30), DapResilience.RetryAfter(bare429, TimeSpan.FromSeconds(30), now));
        Assert.Null(DapResilience.RetryAfter(bare503, TimeSpan.FromSeconds(30), now));
        Assert.Equal(TimeSpan.Zero, DapResilience.RetryAfter(past, TimeSpan.FromSeconds(30), now));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, null, DapErrorKind.BadRequest)]
    [InlineData(HttpStatusCode.BadRequest, "com.instructure.dap.SnapshotRequiredError", DapErrorKind.SnapshotRequired)]
    [InlineData(HttpStatusCode.Conflict, null, DapErrorKind.BadRequest)]
    [InlineData(HttpStatusCode.RequestTimeout, null, DapErrorKind.Transient)]
    [InlineData(HttpStatusCode.BadGateway, null, DapErrorKind.Transient)]
    public void Classify_is_by_status_first(HttpStatusCode status, string? type, DapErrorKind expected) =>
        Assert.Equal(expected, DapErrorMapper.Classify(status, type is null ? null : new DapError(type, "u", "m")));
}
