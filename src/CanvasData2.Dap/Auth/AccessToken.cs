namespace CanvasData2.Dap.Auth;

/// <summary>A bearer token and the moment it stops working. <see cref="ToString"/> never shows the token.</summary>
internal sealed class AccessToken(string value, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool NeedsRenewal(DateTimeOffset now, TimeSpan margin) => ExpiresAt - now < margin;

    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
