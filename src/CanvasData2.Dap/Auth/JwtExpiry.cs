using System.Buffers.Text;
using System.Text.Json;

namespace CanvasData2.Dap.Auth;

/// <summary>
/// Reads the <c>exp</c> claim of a JWT without verifying it, as the official client does: the token is
/// only used to decide when to renew, never trusted for anything else.
/// </summary>
internal static class JwtExpiry
{
    public static DateTimeOffset? TryRead(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetDouble(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
