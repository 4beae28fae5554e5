using CanvasData2.Orchestration;
using CanvasData2.Settings;
using Microsoft.Extensions.Configuration;

namespace CanvasData2.Functions.Configuration;

/// <summary>The refresh settings of the app (see local.settings.sample.json); bad values fail naming the setting.</summary>
public sealed record FunctionSettings(
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> IncludeTables,
    IReadOnlyList<string> SkipTables,
    int MaxParallelTables,
    int HistoryRetentionDays,
    TimeSpan? LogRetention = null)
{
    public static FunctionSettings From(IConfiguration configuration) => new(
        SettingValues.List(configuration[SettingNames.Namespaces]) is { Count: > 0 } namespaces ? namespaces : [RefreshRequest.DefaultNamespace],
        SettingValues.List(configuration[SettingNames.IncludeTables]),
        SettingValues.List(configuration[SettingNames.SkipTables]),
        SettingValues.PositiveInt(configuration[SettingNames.MaxParallelTables], SettingNames.MaxParallelTables, RefreshRequest.DefaultMaxParallelTables),
        SettingValues.PositiveInt(configuration[SettingNames.HistoryRetentionDays], SettingNames.HistoryRetentionDays, 30),
        SettingValues.OptionalDays(configuration[SettingNames.LogRetentionDays], SettingNames.LogRetentionDays));

    /// <summary>The scheduled refresh, or a manual one narrowed by an HTTP body.</summary>
    public RefreshRequest ToRequest(RefreshBody? body = null) => new(
        body?.Namespaces is { Count: > 0 } ns ? ns : Namespaces,
        body?.Tables is { Count: > 0 } tables ? tables : IncludeTables,
        body?.SkipTables ?? SkipTables,
        MaxParallelTables,
        Pacing: true,
        Reinit: body?.Reinit ?? false);
}

/// <summary>Optional JSON body of <c>POST /api/refresh</c>.</summary>
public sealed record RefreshBody(IReadOnlyList<string>? Namespaces = null, IReadOnlyList<string>? Tables = null, IReadOnlyList<string>? SkipTables = null, bool Reinit = false);
