using System.Globalization;
using CanvasData2.Orchestration;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>The refresh settings of the app (see local.settings.sample.json); bad values fail naming the setting.</summary>
public sealed record FunctionSettings(
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> IncludeTables,
    IReadOnlyList<string> SkipTables,
    int MaxParallelTables,
    int HistoryRetentionDays,
    int? LogRetentionDays = null)
{
    /// <summary>How long rows of windowed namespaces (canvas_logs) are kept; null (setting empty) keeps everything.</summary>
    public TimeSpan? LogRetention => LogRetentionDays is { } days ? TimeSpan.FromDays(days) : null;

    public static FunctionSettings From(IConfiguration configuration) => new(
        List(configuration, "CD2_NAMESPACES") is { Count: > 0 } namespaces ? namespaces : ["canvas"],
        List(configuration, "CD2_INCLUDE_TABLES"),
        List(configuration, "CD2_SKIP_TABLES"),
        PositiveInt(configuration, "CD2_MAX_PARALLEL_TABLES", 8),
        PositiveInt(configuration, "CD2_HISTORY_RETENTION_DAYS", 30),
        string.IsNullOrWhiteSpace(configuration["CD2_LOG_RETENTION_DAYS"]) ? null : PositiveInt(configuration, "CD2_LOG_RETENTION_DAYS", 0));

    /// <summary>The scheduled refresh, or a manual one narrowed by an HTTP body.</summary>
    public RefreshRequest ToRequest(RefreshBody? body = null) => new(
        body?.Namespaces is { Count: > 0 } ns ? ns : Namespaces,
        body?.Tables is { Count: > 0 } tables ? tables : IncludeTables,
        body?.SkipTables ?? SkipTables,
        MaxParallelTables,
        Pacing: true,
        Reinit: body?.Reinit ?? false);

    private static List<string> List(IConfiguration configuration, string key)
        => (configuration[key] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static int PositiveInt(IConfiguration configuration, string key, int fallback)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"Setting {key} must be a positive whole number, not '{raw}'.");
    }
}

/// <summary>Optional JSON body of <c>POST /api/refresh</c>.</summary>
public sealed record RefreshBody(IReadOnlyList<string>? Namespaces = null, IReadOnlyList<string>? Tables = null, IReadOnlyList<string>? SkipTables = null, bool Reinit = false);
