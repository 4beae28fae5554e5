using CanvasData2.Replication.Migration;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Replication.Tests.Migration;

/// <summary>A fresh database per test with the steps the engine takes: create, add enum labels (own transaction), migrate (in a transaction).</summary>
internal sealed class MigrationTestDatabase : IAsyncDisposable
{
    private MigrationTestDatabase(string connectionString, NpgsqlConnection connection)
    {
        ConnectionString = connectionString;
        Connection = connection;
    }

    public string ConnectionString { get; }

    public NpgsqlConnection Connection { get; }

    public static async Task<MigrationTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("mig");
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new MigrationTestDatabase(connectionString, connection);
    }

    /// <summary>Runs a pg_dump-style script (psql meta-commands dropped), as the official database would be restored.</summary>
    public async Task LoadDumpAsync(string script, CancellationToken cancellationToken)
    {
        var sql = string.Join('\n', script.Split('\n').Where(l => !l.StartsWith('\\')));
        await ExecuteAsync(sql, cancellationToken);
        await ExecuteAsync("SELECT set_config('search_path', '\"$user\", public', false)", cancellationToken);
    }

    public Task CreateAsync(TableModel model, CancellationToken cancellationToken) => DdlBuilder.CreateTableAsync(Connection, model, null, null, withNotNull: true, withPrimaryKey: true, cancellationToken);

    public async Task<(IReadOnlyList<string> Labels, MigrationResult Result)> MigrateAsync(TableModel target, CancellationToken cancellationToken, TableModel? previous = null)
    {
        var labels = await SchemaMigrator.AddMissingEnumLabelsAsync(Connection, target, cancellationToken);
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var result = await SchemaMigrator.MigrateAsync(Connection, target, previous, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (labels, result);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<string> ColumnTypeAsync(string table, string column, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2", Connection);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(column);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<string> DumpAsync(CancellationToken cancellationToken, params string[] schemas) => PgDump.SchemaOnlyAsync(ConnectionString, schemas, cancellationToken);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
