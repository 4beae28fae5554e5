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
            var existing = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2",
                connection))
            {
                read.Parameters.AddWithValue(type.Schema);
                read.Parameters.AddWithValue(Identifiers.Fit(type.Name));
                await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    existing.Add(reader.GetString(0));
                }
            }

            if (existing.Count == 0)
            {
                continue;
            }

            foreach (var label in type.Labels.Where(l => !existing.Contains(l)))
            {
                await using var command = new NpgsqlCommand(
                    $"ALTER TYPE {Identifiers.Qualified(type.Schema, type.Name)} ADD VALUE {Identifiers.Literal(label)}", connection);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
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
