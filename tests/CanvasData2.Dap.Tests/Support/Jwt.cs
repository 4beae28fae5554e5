using System.Buffers.Text;
using System.Text;

namespace CanvasData2.Dap.Tests.Support;

/// <summary>Unsigned-but-well-formed JWTs and login bodies, as the DAP identity service shapes them.</summary>
public static class Jwt
{
    public static string Create(DateTimeOffset expires, string subject = "test") =>
        $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part($$"""{"sub":"{{subject}}","exp":{{expires.ToUnixTimeSeconds()}}}""")}.{Part("signature")}";

    public static string LoginBody(DateTimeOffset expires, string subject = "test") =>
        $$"""{"access_token":"{{Create(expires, subject)}}","expires_in":3600,"scope":"urn:test","token_type":"Bearer"}""";

    private static string Part(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
