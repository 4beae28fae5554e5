using CanvasData2.Cli.Hosting;
using CanvasData2.Dap;

namespace CanvasData2.Cli.Commands;

/// <summary>
/// The official CLI's <c>--table</c> value: one name, a comma-separated list, or <c>all</c> (every table of
/// the namespace).
/// </summary>
internal static class TableSelection
{
    public const string Help = "Table name, comma-separated list of names, or 'all'";

    public static IReadOnlyList<string> Split(IEnumerable<string>? values)
        => (values ?? [])
            .SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static async Task<IReadOnlyList<string>> ResolveAsync(string value, string ns, IDapClient client, CancellationToken cancellationToken)
    {
        var names = Split([value]);
        if (names.Count == 0)
        {
            throw new UsageException("--table needs a table name, a comma-separated list, or 'all'.");
        }

        return names is ["all"]
            ? await client.ListTablesAsync(ns, cancellationToken).ConfigureAwait(false)
            : names;
    }
}
