using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;

namespace CanvasData2.Cli.Commands;

/// <summary>
/// <c>cd2 schema --table T</c>: the table's JSON schema and version on stdout; with <c>--output-directory</c>
/// also written to <c>T_schema_version_N.json</c> as the official CLI names it.
/// </summary>
internal sealed class SchemaCommand(CliSettings settings, DapClientFactory dap, CliConsole console) : CliCommand
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _table = new("--table", "-t") { Description = "The table whose schema to print", Required = true };
    private readonly Option<DirectoryInfo?> _outputDirectory = new("--output-directory") { Description = "Also write the schema file here" };

    public override Command CreateDefinition() => new("schema", "Print a table's JSON schema and version (JSON on stdout)") { _namespace, _table, _outputDirectory };

    public override async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var ns = parseResult.GetValue(_namespace)!;
        var table = parseResult.GetValue(_table)!;
        using var client = dap.Create(settings.RequireDap(parseResult));
        var schema = await client.GetSchemaAsync(ns, table, cancellationToken).ConfigureAwait(false);
        var document = new { @namespace = ns, table, version = schema.Version, schema = schema.Schema };
        console.WriteJson(document);

        if (parseResult.GetValue(_outputDirectory) is { } directory)
        {
            directory.Create();
            var path = Path.Combine(directory.FullName, string.Create(CultureInfo.InvariantCulture, $"{FileNames.Safe(table)}_schema_version_{schema.Version}.json"));
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(schema.Schema), cancellationToken).ConfigureAwait(false);
            console.Info($"Wrote {path}");
        }

        return ExitCodes.Ok;
    }
}
