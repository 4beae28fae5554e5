using System.Globalization;

namespace CanvasData2.Settings;

/// <summary>A setting whose value cannot be used; the message names the setting and never quotes a secret.</summary>
public sealed class SettingException : InvalidOperationException
{
    public SettingException(string message)
        : base(message)
    {
    }

    public SettingException()
    {
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>How both hosts read setting values: lists, whole numbers, days; empty means "use the default".</summary>
public static class SettingValues
{
    /// <summary>A comma-separated list, trimmed, empty entries dropped.</summary>
    public static List<string> List(string? raw)
        => (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>A whole number above 0, or <paramref name="fallback"/> when empty.</summary>
    public static int PositiveInt(string? raw, string name, int fallback)
        => string.IsNullOrWhiteSpace(raw)
            ? fallback
            : int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new SettingException($"Setting {name} must be a positive whole number, not '{raw}'.");

    /// <summary>A number of days above 0, or null when empty (for settings where empty means "no limit").</summary>
    public static TimeSpan? OptionalDays(string? raw, string name)
        => string.IsNullOrWhiteSpace(raw)
            ? null
            : int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days > 0
                ? TimeSpan.FromDays(days)
                : throw new SettingException($"Setting {name} must be a whole number of days above 0 (or empty to keep everything), not '{raw}'.");
}
