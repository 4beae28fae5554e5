// TEMPORARY bridge until branch repl-schema delivers Migration/ (SchemaMigrator, DependentViews): same names,
// minimal behaviour. Delete this file when merging their code.
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

internal static class SchemaMigrator
{
    public static async Task AddMissingEnumLabelsAsync(NpgsqlConnection connection, TableModel model, CancellationToken ct)
    {
        foreach (var type in model.EnumTypes)
        {
            foreach (var label in type.Labels)
            {
                await using var command = new NpgsqlCommand(
                    $"ALTER TYPE {Identifiers.Qualified(type.Schema, type.Name)} ADD VALUE IF NOT EXISTS {Identifiers.Literal(label)}", connection);
                try
                {
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
                {
                    // Type not created yet: DdlBuilder creates it with every label.
                }
            }
        }
    }

    public static Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, TableModel model, CancellationToken ct)
        => Task.FromResult(new MigrationResult([], null));
}

internal static class DependentViews
{
    public static Task<SavedViews> SaveAndDropAsync(NpgsqlConnection connection, string schema, string table, CancellationToken ct)
        => Task.FromResult(new SavedViews([]));
}

internal sealed record SavedViews(IReadOnlyList<string> Names)
{
    public Task RestoreAsync(NpgsqlConnection connection, CancellationToken ct) => Names.Count < 0 ? Task.FromCanceled(ct) : Task.CompletedTask;
}
