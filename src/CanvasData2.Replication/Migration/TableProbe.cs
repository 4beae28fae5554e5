using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>Data facts a migration depends on (is the table empty, does a column hold NULLs), asked only when needed.</summary>
internal sealed class TableProbe(NpgsqlConnection connection, string qualifiedTable)
{
    private bool? _isEmpty;

    public string Table => qualifiedTable;

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
        => _isEmpty ??= !await ExistsAsync($"SELECT EXISTS (SELECT 1 FROM {qualifiedTable})", cancellationToken).ConfigureAwait(false);

    public Task<bool> HasNullsAsync(string quotedColumn, CancellationToken cancellationToken)
        => ExistsAsync($"SELECT EXISTS (SELECT 1 FROM {qualifiedTable} WHERE {quotedColumn} IS NULL)", cancellationToken);

    private async Task<bool> ExistsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
