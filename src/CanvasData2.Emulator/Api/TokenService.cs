using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CanvasData2.Emulator.Api;

/// <summary>Issues and checks HS256 JWTs signed with a key that lives only as long as this emulator.</summary>
internal sealed class TokenService(TimeProvider time, TimeSpan lifetime)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public TimeSpan Lifetime => lifetime;

    public string Issue(string clientId)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Encode(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sub"] = clientId,
            ["iat"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["jti"] = Guid.NewGuid().ToString(),
        }.ToJsonString()));
        return $"{header}.{payload}.{Sign(header, payload)}";
    }

    /// <summary>True when the token carries our signature and has not expired.</summary>
    public bool IsValid(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Sign(parts[0], parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }

        try
        {
            var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!;
            return payload["exp"]!.GetValue<long>() > time.GetUtcNow().ToUnixTimeSeconds();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return false;
        }
    }

    private string Sign(string header, string payload) =>
        Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));

    private static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
