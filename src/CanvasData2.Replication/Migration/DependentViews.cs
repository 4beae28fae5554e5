using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>
/// Views and materialized views that depend on a table (also through other views): saved with their definition,
/// owner, grants, comments, options and (materialized) indexes, dropped, and recreated after the table changed.
/// </summary>
internal static class DependentViews
{
    /// <summary>Saves and drops every view depending on <paramref name="schema"/>.<paramref name="table"/>, dependents first.</summary>
    public static async Task<SavedViews> SaveAndDropAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var views = new List<SavedView>();
        var previousPath = await SavedViews.PinSearchPathAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (oid, level) in await FindAsync(connection, schema, Sql.Identifiers.Fit(table), cancellationToken).ConfigureAwait(false))
            {
                views.Add(await SavedView.ReadAsync(connection, oid, level, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            await SavedViews.SetSearchPathAsync(connection, previousPath, cancellationToken).ConfigureAwait(false);
        }

        foreach (var view in views.OrderByDescending(v => v.Level))
        {
            await Schema.DdlBuilder.ExecuteAsync(connection, $"DROP {view.KindSql} {view.QualifiedName};", cancellationToken).ConfigureAwait(false);
        }

        return new SavedViews(views.OrderBy(v => v.Level).ToList());
    }

    /// <summary>The views depending on the table, with their depth (1 = directly on the table), each once at its deepest level.</summary>
    private static async Task<List<(uint Oid, int Level)>> FindAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            WITH RECURSIVE dependents(oid, level) AS (
                SELECT c.oid, 0 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
                UNION ALL
                SELECT DISTINCT r.ev_class, d.level + 1
                FROM dependents d
                JOIN pg_depend dep ON dep.refobjid = d.oid AND dep.refclassid = 'pg_class'::regclass AND dep.classid = 'pg_rewrite'::regclass
                JOIN pg_rewrite r ON r.oid = dep.objid
                WHERE r.ev_class <> d.oid AND d.level < 100
            )
            SELECT oid, max(level) FROM dependents WHERE level > 0 GROUP BY oid ORDER BY max(level), oid
            """,
            connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(table);
        var result = new List<(uint, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetFieldValue<uint>(0), reader.GetInt32(1)));
        }

        return result;
    }
}
