using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>Data facts a migration depends on (is the table empty, does a column hold NULLs), asked only when needed.</summary>
internal sealed class TableProbe(NpgsqlConnection connection, string qualifiedTable)
{
    private bool? _isEmpty;

    public string Table => qualifiedTable;

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
        => _isEmpty ??= !await ExistsAsync($"SELECT EXISTS (SELECT 1 FROM {qualifiedTable})", ct).ConfigureAwait(false);

    public Task<bool> HasNullsAsync(string quotedColumn, CancellationToken ct)
        => ExistsAsync($"SELECT EXISTS (SELECT 1 FROM {qualifiedTable} WHERE {quotedColumn} IS NULL)", ct);

    private async Task<bool> ExistsAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
