using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CanvasData2.Emulator.Api;

/// <summary>Pre-signed object URLs: `/_objects/{job}/{part}?expires=unix&amp;signature=hmac`, valid without an auth header.</summary>
internal sealed class UrlSigner(TimeProvider time, TimeSpan lifetime)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(Uri baseUrl, string objectId)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var path = "/_objects/" + string.Join('/', objectId.Split('/').Select(Uri.EscapeDataString));
        return string.Create(CultureInfo.InvariantCulture,
            $"{baseUrl.GetLeftPart(UriPartial.Authority)}{path}?expires={expires}&signature={Signature(objectId, expires)}");
    }

    public UrlCheck Check(string objectId, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || signature is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(objectId, unix)), Encoding.ASCII.GetBytes(signature)))
        {
            return UrlCheck.BadSignature;
        }

        return unix <= time.GetUtcNow().ToUnixTimeSeconds() ? UrlCheck.Expired : UrlCheck.Valid;
    }

    private string Signature(string objectId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{objectId}\n{expires}"))));
}

internal enum UrlCheck
{
    Valid,
    Expired,
    BadSignature,
}
