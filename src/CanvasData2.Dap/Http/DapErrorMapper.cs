using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CanvasData2.Dap.Http;

/// <summary>
/// Turns a failed response into a <see cref="DapException"/>: classified by HTTP status first, then by DAP's
/// error <c>type</c>; the error's type and uuid are kept, and a non-JSON body (a gateway's HTML page) still
/// yields a readable message.
/// </summary>
internal static class DapErrorMapper
{
    private const int MaxBodyChars = 16 * 1024;
    private const int MaxSnippetChars = 200;

    public static async Task<DapException> FromResponseAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var error = TryParseError(body);
        var kind = Classify(response.StatusCode, error);
        var detail = error is not null
            ? Describe(error)
            : $"non-JSON body ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): {Snippet(body)}";
        return new DapException(kind, $"DAP {operation} failed with HTTP {status} {response.ReasonPhrase}: {detail}", status, error);
    }

    /// <summary>Login errors all mean the credentials were not accepted (or the identity service is down: 5xx).</summary>
    public static DapException ForLogin(DapException mapped) =>
        mapped.StatusCode is 400 or 401 or 403
            ? new DapException(
                DapErrorKind.Authentication,
                $"{mapped.Message} — check DapClientOptions.ClientId and ClientSecret (DAP_CLIENT_ID, DAP_CLIENT_SECRET).",
                mapped.StatusCode,
                mapped.Error)
            : mapped;

    internal static DapErrorKind Classify(HttpStatusCode status, DapError? error) => (int)status switch
    {
        400 when IsSnapshotRequired(error) => DapErrorKind.SnapshotRequired,
        400 => DapErrorKind.BadRequest,
        401 => DapErrorKind.Authentication,
        403 => DapErrorKind.Forbidden,
        404 or 410 => DapErrorKind.NotFound,
        408 or 429 or >= 500 => DapErrorKind.Transient,
        _ => DapErrorKind.BadRequest,
    };

    // DAP's type strings for these two are not documented; match the class names the Python client
    // models (OutOfRangeError, SnapshotRequiredError) and the documented wording as a fallback.
    private static bool IsSnapshotRequired(DapError? error) =>
        error is not null
        && (Contains(error.Type, "SnapshotRequired") || Contains(error.Type, "OutOfRange")
            || Contains(error.Message, "snapshot") || Contains(error.Message, "out of range")
            || Contains(error.Message, "no data in the requested range"));

    private static bool Contains(string? text, string fragment) =>
        text is not null && text.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    internal static DapError? TryParseError(string body)
    {
        if (body.Length == 0 || body.TrimStart()[0] is not '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var inner = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            var type = StringOrNull(inner, "type");
            var uuid = StringOrNull(inner, "uuid");
            var message = StringOrNull(inner, "message");
            return type is null && uuid is null && message is null ? null : new DapError(type, uuid, message ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(DapError error)
    {
        var builder = new StringBuilder(error.Message.Length == 0 ? "(no message)" : error.Message);
        if (error.Type is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $" [type {error.Type}]");
        }

        if (error.Uuid is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $" [uuid {error.Uuid}]");
        }

        return builder.ToString();
    }

    private static string Snippet(string body)
    {
        if (body.Length == 0)
        {
            return "(empty)";
        }

        var collapsed = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= MaxSnippetChars ? collapsed : string.Concat(collapsed.AsSpan(0, MaxSnippetChars), "…");
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var buffer = new char[MaxBodyChars];
                var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                return new string(buffer, 0, read);
            }
        }
        catch (HttpRequestException)
        {
            return "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
