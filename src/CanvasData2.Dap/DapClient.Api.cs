using System.Text.Json;
using CanvasData2.Dap.Http;
using CanvasData2.Dap.Json;
using CanvasData2.Dap.Pacing;
using CanvasData2.Model;

namespace CanvasData2.Dap;

public sealed partial class DapClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTablesAsync(string ns, CancellationToken cancellationToken = default)
    {
        var path = $"dap/query/{DapUrls.Name(ns, "namespace")}/table";
        var operation = $"list tables of '{ns}'";
        if (_pacer is not null)
        {
            await DapPacer.WaitAsync(_pacer.TableListing, operation, _logger, cancellationToken).ConfigureAwait(false);
        }

        using var document = await SendJsonAsync(HttpMethod.Get, path, null, operation, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Array)
        {
            throw DapJsonResponse.Malformed(operation, "no 'tables' array");
        }

        var names = new List<string>(tables.GetArrayLength());
        foreach (var table in tables.EnumerateArray())
        {
            names.Add(table.ValueKind == JsonValueKind.String ? table.GetString()! : throw DapJsonResponse.Malformed(operation, "a table name that is not a string"));
        }

        return names;
    }

    /// <inheritdoc />
    public async Task<TableSchema> GetSchemaAsync(string ns, string table, CancellationToken cancellationToken = default)
    {
        var path = $"dap/query/{DapUrls.Name(ns, "namespace")}/table/{DapUrls.Name(table, "table")}/schema";
        var operation = $"get schema of '{ns}.{table}'";
        using var document = await SendJsonAsync(HttpMethod.Get, path, null, operation, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            throw DapJsonResponse.Malformed(operation, "no 'schema' object");
        }

        if (!root.TryGetProperty("version", out var version) || !version.TryGetInt64(out var number))
        {
            throw DapJsonResponse.Malformed(operation, "no integer 'version'");
        }

        return new TableSchema(schema.Clone(), number);
    }

    /// <inheritdoc />
    public async Task<DapJob> StartQueryAsync(string ns, string table, QueryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = $"dap/query/{DapUrls.Name(ns, "namespace")}/table/{DapUrls.Name(table, "table")}/data";
        var operation = $"start {(request.Since is null ? "snapshot" : "incremental")} query of '{ns}.{table}'";
        DapRequestBodies.Validate(request); // before spending a pacing slot
        if (_pacer is not null)
        {
            await DapPacer.WaitAsync(_pacer.JobCreation, operation, _logger, cancellationToken).ConfigureAwait(false);
        }

        using var document = await SendJsonAsync(HttpMethod.Post, path, () => DapRequestBodies.Query(request), operation, cancellationToken)
            .ConfigureAwait(false);
        return DapJobParser.Parse(document.RootElement, operation);
    }

    /// <inheritdoc />
    public async Task<DapJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var operation = $"get job '{jobId}'";
        using var document = await SendJsonAsync(HttpMethod.Get, $"dap/job/{DapUrls.JobId(jobId)}", null, operation, cancellationToken)
            .ConfigureAwait(false);
        return DapJobParser.Parse(document.RootElement, operation);
    }
}
