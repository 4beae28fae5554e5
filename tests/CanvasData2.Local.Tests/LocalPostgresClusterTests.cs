using CanvasData2.Testing;
using Npgsql;

namespace CanvasData2.Local.Tests;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task Create_database_on_the_test_server_gives_an_empty_utf8_database_of_its_own()
    {
        var cancellationToken = TestTimeout.Seconds(120);
        var first = await TestPostgres.CreateDatabaseAsync("local");
        var second = await TestPostgres.CreateDatabaseAsync("local");
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pg_encoding_to_char(encoding) || ':' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') FROM pg_database WHERE datname = current_database()",
            connection);
        Assert.Equal("UTF8:0", (string?)await command.ExecuteScalarAsync(cancellationToken));
    }
}
