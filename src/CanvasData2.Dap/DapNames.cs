using System.Text.RegularExpressions;

namespace CanvasData2.Dap;

/// <summary>
/// The strict spelling of DAP namespace and table names (<c>canvas</c>, <c>canvas_logs</c>, <c>web_logs</c>) and of
/// job ids. A name is checked before it reaches a URL or SQL: <c>Uri.EscapeDataString</c> leaves <c>.</c> alone and
/// <c>System.Uri</c> collapses a <c>..</c> segment, so a hostile name could reach another path with our token.
/// </summary>
public static partial class DapNames
{
    /// <summary>The pattern a namespace or table name must match (ASCII letters, digits, <c>_</c>; at most 64, as table_sync holds).</summary>
    public const string NamePattern = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";

    /// <summary>The pattern a job id must match (a UUID in practice): starts with a letter or digit, so never <c>.</c> or <c>..</c>.</summary>
    public const string JobIdPattern = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$";

    public static bool IsValid(string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>Returns <paramref name="name"/>, or throws <see cref="DapErrorKind.InvalidName"/> naming it and <paramref name="what"/>.</summary>
    public static string Check(string? name, string what)
        => IsValid(name) ? name! : throw new DapException(DapErrorKind.InvalidName, Describe(name, what));

    /// <summary>Returns <paramref name="jobId"/>, or throws <see cref="DapErrorKind.InvalidName"/> naming it.</summary>
    public static string CheckJobId(string? jobId)
        => jobId is not null && JobIdRegex().IsMatch(jobId)
            ? jobId
            : throw new DapException(DapErrorKind.InvalidName, $"The DAP job id '{Shown(jobId)}' is not valid (expected {JobIdPattern}); no request was sent.");

    /// <summary>The error text for a name that fails <see cref="NamePattern"/>.</summary>
    public static string Describe(string? name, string what)
        => $"The DAP {what} name '{Shown(name)}' is not valid (expected letters, digits and _, at most 64: {NamePattern}); nothing was requested or stored for it.";

    private static string Shown(string? name) => name is null ? "(none)" : name.Length > 80 ? name[..80] + "…" : name;

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex(JobIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex JobIdRegex();
}
