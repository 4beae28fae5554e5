using System.Text;
using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Tests.Schema;

/// <summary>Reads tests/fixtures/official-replica: the schemas the official client was served and what it built.</summary>
internal static class OfficialFixtures
{
    public static readonly TableName[] Tables =
    [
        new("canvas", "accounts"), new("canvas", "users"), new("canvas", "assignments"), new("canvas", "quizzes"), new("catalog", "products"),
    ];

    public static string Directory { get; } = FindDirectory();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public static TableSchema Schema(TableName table, int version = 1)
    {
        using var document = JsonDocument.Parse(Read($"schemas/{table.Namespace}.{table.Table}.v{version}.json"));
        var root = document.RootElement;
        return new TableSchema(root.GetProperty("schema").Clone(), root.GetProperty("version").GetInt64());
    }

    public static TableModel Model(TableName table, int version = 1) => SchemaCompiler.Compile(table, Schema(table, version));

    /// <summary>The DDL message the official client sent to create <paramref name="table"/> (step 0), without CREATE SCHEMA.</summary>
    public static string OfficialCreateStatements(TableName table)
    {
        var text = Read("ddl-statements.sql");
        var start = text.IndexOf($"-- ===== dap initdb --namespace {table.Namespace} --table {table.Table} ", StringComparison.Ordinal);
        var body = text[start..];
        var end = body.IndexOf("\n-- =====", 1, StringComparison.Ordinal);
        body = end < 0 ? body : body[..end];
        body = body[body.LastIndexOf("-- [message", StringComparison.Ordinal)..];
        body = body[(body.IndexOf('\n', StringComparison.Ordinal) + 1)..].TrimEnd();
        return string.Join('\n', body.Split('\n').Where(l => !l.StartsWith("CREATE SCHEMA", StringComparison.Ordinal))) + "\n";
    }

    /// <summary>The value of a column of a COPY-text TSV fixture, for the row whose <paramref name="keyColumn"/> is <paramref name="key"/>.</summary>
    public static string TsvValue(string relativePath, string keyColumn, string key, string column)
    {
        var lines = Read(relativePath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('\t').ToList();
        var row = lines.Skip(1).Select(l => l.Split('\t')).Single(f => f[header.IndexOf(keyColumn)] == key);
        return Unescape(row[header.IndexOf(column)]);
    }

    private static string Unescape(string field)
    {
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i == field.Length - 1)
            {
                text.Append(field[i]);
                continue;
            }

            var next = field[++i];
            text.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', 'v' => '\v', _ => next });
        }

        return text.ToString();
    }

    private static string FindDirectory() => CanvasData2.Testing.RepositoryPaths.PathOf("tests", "fixtures", "official-replica");
}
