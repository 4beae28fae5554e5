using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanvasData2.Emulator.Formats;

namespace CanvasData2.Emulator.Api;

/// <summary>A validated `POST .../data` body.</summary>
internal sealed partial record QueryBody(QueryFormat Format, string Mode, DateTimeOffset? Since, DateTimeOffset? Until)
{
    private static readonly string[] Fields = ["format", "mode", "since", "until"];

    /// <summary>Parses the body, or returns the ValidationError to answer.</summary>
    public static (QueryBody? Request, IResult? Error) Parse(JsonNode? body)
    {
        if (body is not JsonObject obj)
        {
            return (null, ApiErrors.Validation("body", "The request body must be a JSON object."));
        }

        foreach (var (name, value) in obj)
        {
            if (!Fields.Contains(name))
            {
                return (null, ApiErrors.Validation($"body.{name}", $"Unknown field '{name}'."));
            }

            if (value is not JsonValue v || !v.TryGetValue<string>(out _))
            {
                return (null, ApiErrors.Validation($"body.{name}", $"Field '{name}' must be a string."));
            }
        }

        var format = QueryFormatNames.Parse(obj["format"]?.GetValue<string>());
        if (format is null)
        {
            return (null, ApiErrors.Validation("body.format", "format is required: tsv, csv, jsonl or parquet."));
        }

        if (format == QueryFormat.Parquet)
        {
            return (null, ApiErrors.Validation("body.format", "The emulator does not produce parquet; use tsv, csv or jsonl."));
        }

        var mode = obj["mode"]?.GetValue<string>() ?? "condensed";
        if (mode is not ("condensed" or "expanded"))
        {
            return (null, ApiErrors.Validation("body.mode", "mode must be condensed or expanded."));
        }

        var (since, sinceError) = Timestamp(obj, "since");
        var (until, untilError) = Timestamp(obj, "until");
        if ((sinceError ?? untilError) is { } error)
        {
            return (null, error);
        }

        return since is not null && until is not null && until <= since
            ? (null, ApiErrors.Validation("body.until", "until must be later than since."))
            : (new QueryBody(format.Value, mode, since, until), null);
    }

    private static (DateTimeOffset? Value, IResult? Error) Timestamp(JsonObject obj, string name)
    {
        var text = obj[name]?.GetValue<string>();
        if (text is null)
        {
            return (null, null);
        }

        return ZonedTimestamp().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var value)
            ? (value, null)
            : (null, ApiErrors.Validation($"body.{name}", $"{name} must be an RFC 3339 timestamp with a zone."));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex ZonedTimestamp();
}
