using System.Text.RegularExpressions;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Replication.Tests.Schema;

/// <summary>Runs pg_dump --schema-only and cuts dumps into comparable per-object blocks.</summary>
internal static partial class PgDump
{
    private const string Binary = "/usr/lib/postgresql/15/bin/pg_dump";

    public static async Task<string> SchemaOnlyAsync(string connectionString, IEnumerable<string> schemas, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        string[] arguments =
        [
            "--schema-only", "--no-owner", "--no-privileges", "--restrict-key=officialreplicafixtures", "-h", builder.Host!,
            "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!,
            .. schemas.SelectMany(schema => new[] { "-n", schema }),
        ];
        var environment = builder.Password is { } password ? new Dictionary<string, string> { ["PGPASSWORD"] = password } : null;
        var result = await ChildProcess.RunAsync(Binary, arguments, cancellationToken, environment);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout;
    }

    /// <summary>
    /// The dump's object blocks (each from its <c>-- Name:</c> header to the next), without the header and trailer,
    /// keeping only blocks about objects of the given schemas (and those schemas themselves).
    /// </summary>
    public static List<string> Blocks(string dump, params string[] schemas)
    {
        var body = dump[..dump.IndexOf("--\n-- PostgreSQL database dump complete", StringComparison.Ordinal)];
        // The SET lines pg_dump puts before the first table land in whichever block precedes it: not part of any object.
        var parts = BlockStart().Split(body).Skip(1)
            .Select(p => string.Join('\n', p.Split('\n').Where(l => !l.StartsWith("SET default_tablespace", StringComparison.Ordinal) && !l.StartsWith("SET default_table_access_method", StringComparison.Ordinal))).TrimEnd() + "\n")
            .ToList();
        return parts.Where(p =>
        {
            var header = p[..p.IndexOf('\n', StringComparison.Ordinal)];
            var match = HeaderSchema().Match(header);
            var schema = match.Groups["schema"].Value == "-" ? match.Groups["name"].Value : match.Groups["schema"].Value;
            return schemas.Contains(schema);
        }).ToList();
    }

    /// <summary>Only the blocks that mention the table (its definition, comments, constraint).</summary>
    public static List<string> TableBlocks(string dump, string schema, string table)
        => Blocks(dump, schema).Where(b => b.StartsWith($"{table};", StringComparison.Ordinal) || b.StartsWith($"TABLE {table};", StringComparison.Ordinal)
            || b.StartsWith($"COLUMN {table}.", StringComparison.Ordinal) || b.StartsWith($"{table} ", StringComparison.Ordinal)
            || b.StartsWith($"{table}__", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"^--\n-- Name: ", RegexOptions.Multiline)]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^(?<name>.*); Type: .*; Schema: (?<schema>[^;]+); Owner")]
    private static partial Regex HeaderSchema();
}
