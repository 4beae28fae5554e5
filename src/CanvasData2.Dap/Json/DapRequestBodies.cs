using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CanvasData2.Dap.Json;

/// <summary>Request bodies exactly as DAP accepts them: fields without a value omitted, timestamps UTC with <c>Z</c>, never <c>filter</c>.</summary>
internal static class DapRequestBodies
{
    public static void Validate(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Since is null && request.Until is not null)
        {
            throw new ArgumentException("QueryRequest.Until needs QueryRequest.Since: a snapshot query has no time range.", nameof(request));
        }

        if (request.Since is { } since && request.Until is { } until && until <= since)
        {
            throw new ArgumentException("QueryRequest.Until must be later than QueryRequest.Since.", nameof(request));
        }

        _ = FormatName(request.Format);
    }

    public static ByteArrayContent Query(QueryRequest request)
    {
        Validate(request);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName(request.Format));
            if (request.Mode is { } mode)
            {
                writer.WriteString("mode", mode == QueryMode.Condensed ? "condensed" : "expanded");
            }

            if (request.Since is { } since)
            {
                writer.WriteString("since", Timestamp(since));
            }

            if (request.Until is { } until)
            {
                writer.WriteString("until", Timestamp(until));
            }

            writer.WriteEndObject();
        });
    }

    public static ByteArrayContent ObjectIds(IReadOnlyList<string> objectIds) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var id in objectIds)
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });

    public static string FormatName(DataFormat format) => format switch
    {
        DataFormat.Tsv => "tsv",
        DataFormat.Csv => "csv",
        DataFormat.Jsonl => "jsonl",
        DataFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown DAP data format."),
    };

    /// <summary>RFC 3339 in UTC with <c>Z</c>; fractional seconds only when present (microseconds, DAP's precision).</summary>
    internal static string Timestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    private static ByteArrayContent Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
