using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CanvasData2.Emulator.Hosting;

namespace CanvasData2.Emulator.Api;

/// <summary>`POST /ids/auth/login` and the bearer-token check of every `/dap` endpoint.</summary>
internal static class AuthEndpoints
{
    public static void MapLogin(this IEndpointRouteBuilder app, EmulatorServices services)
    {
        app.MapPost("/ids/auth/login", async (HttpContext context) =>
        {
            if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var id, out var secret) ||
                !FixedEquals(id, services.ClientId) || !FixedEquals(secret, services.ClientSecret))
            {
                return ApiErrors.Unauthorized("Invalid client credentials.");
            }

            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            if (form?["grant_type"].ToString() != "client_credentials")
            {
                return ApiErrors.Validation("body.grant_type", "grant_type must be client_credentials (form-encoded).");
            }

            return ApiErrors.Json(new JsonObject
            {
                ["access_token"] = services.Tokens.Issue(id),
                ["expires_in"] = (long)services.Tokens.Lifetime.TotalSeconds,
                ["scope"] = "dap",
                ["token_type"] = "Bearer",
            });
        });
    }

    /// <summary>401 unless the request carries a valid token (`Authorization: Bearer` or the 0.3.x `X-InstAuth`).</summary>
    public static TBuilder RequireDapToken<TBuilder>(this TBuilder builder, EmulatorServices services)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Request.Headers;
            var bearer = headers.Authorization.ToString();
            var token = bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer[7..].Trim() : headers["X-InstAuth"].ToString();
            return token.Length > 0 && services.Tokens.IsValid(token)
                ? await next(context).ConfigureAwait(false)
                : ApiErrors.Unauthorized("Missing, invalid or expired access token.");
        });

    private static bool TryReadBasic(string header, out string id, out string secret)
    {
        id = secret = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (id, secret) = colon < 0 ? ("", "") : (text[..colon], text[(colon + 1)..]);
            return colon >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
