using System.Text;
using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>Views dropped by <see cref="DependentViews.SaveAndDropAsync"/>, in dependency order (a view before the views on it).</summary>
internal sealed class SavedViews(IReadOnlyList<SavedView> views)
{
    public IReadOnlyList<SavedView> Views => views;

    /// <summary>The views' qualified names (<c>schema.name</c>), for reports.</summary>
    public IReadOnlyList<string> Names => views.Select(v => v.ToString()).ToList();

    /// <summary>
    /// Recreates the views with owner, grants, comments, options and indexes (materialized views filled again when
    /// they were). A view that no longer fits the table (it used a dropped column, say) raises a
    /// <see cref="ReplicationException"/> naming it; the caller's transaction must then roll back.
    /// </summary>
    public async Task RestoreAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var currentUser = await RelationAccess.CurrentUserAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var view in views)
        {
            try
            {
                await DdlBuilder.ExecuteAsync(connection, RecreateSql(view, currentUser), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new ReplicationException(
                    $"The {view.KindSql.ToLowerInvariant()} {view} depends on the table and cannot be recreated after the change ({e.MessageText}); change or drop it, then run again.",
                    innerException: e);
            }
        }
    }

    internal static string RecreateSql(SavedView view, string currentUser)
    {
        var sql = new StringBuilder($"CREATE {view.KindSql} {view.QualifiedName}");
        if (view.Options.Count > 0)
        {
            sql.Append(" WITH (").Append(string.Join(", ", view.Options.Select(Option))).Append(')');
        }

        sql.Append(" AS\n").Append(view.Definition);
        sql.AppendLine(view.IsMaterialized ? (view.IsPopulated ? " WITH DATA;" : " WITH NO DATA;") : ";");
        foreach (var index in view.IndexDefinitions)
        {
            sql.Append(index).AppendLine(";");
        }

        sql.Append(view.Access.RestoreSql(view.KindSql, view.QualifiedName, currentUser));

        if (view.Comment is not null)
        {
            sql.AppendLine(DdlSpelling.CommentOn($"{view.KindSql} {view.QualifiedName}", view.Comment));
        }

        foreach (var (column, comment) in view.ColumnComments)
        {
            sql.AppendLine(DdlSpelling.CommentOn($"COLUMN {view.QualifiedName}.{Identifiers.Quote(column)}", comment));
        }

        return sql.ToString();
    }

    /// <summary>Pins <c>search_path</c> to pg_catalog (so view definitions come out schema-qualified); returns the old value.</summary>
    internal static async Task<string> PinSearchPathAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('search_path'), set_config('search_path', 'pg_catalog', false)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetString(0);
    }

    internal static async Task SetSearchPathAsync(NpgsqlConnection connection, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('search_path', $1, false)", connection);
        command.Parameters.AddWithValue(value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Option(string option)
    {
        var split = option.IndexOf('=', StringComparison.Ordinal);
        var name = split < 0 ? option : option[..split];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || c == '_' || c == '.'))
        {
            throw new ReplicationException($"Unexpected view option '{option}'.");
        }

        return split < 0 ? name : $"{name}={Identifiers.Literal(option[(split + 1)..])}";
    }
}
