using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>One dependent (materialized) view as it was before it was dropped: everything needed to recreate it.</summary>
internal sealed record SavedView(
    string Schema,
    string Name,
    bool IsMaterialized,
    int Level,
    string Definition,
    RelationAccess Access,
    IReadOnlyList<string> Options,
    bool IsPopulated,
    string? Comment,
    IReadOnlyList<(string Column, string Comment)> ColumnComments,
    IReadOnlyList<string> IndexDefinitions)
{
    public string QualifiedName => Sql.Identifiers.Qualified(Schema, Name);

    public string KindSql => IsMaterialized ? "MATERIALIZED VIEW" : "VIEW";

    public override string ToString() => $"{Schema}.{Name}";

    /// <summary>Reads a view; the caller has pinned <c>search_path</c> so that the definition names every object with its schema.</summary>
    public static async Task<SavedView> ReadAsync(NpgsqlConnection connection, uint oid, int level, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $$"""
            SELECT n.nspname::text, c.relname::text, c.relkind = 'm', pg_get_viewdef(c.oid, true),
                   coalesce(c.reloptions, '{}'), c.relispopulated, obj_description(c.oid, 'pg_class'),
                   array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   array(SELECT col_description(c.oid, a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   array(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY i.indexrelid),
                   {{RelationAccess.SelectColumns}}
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1
            """,
            connection);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Oid, oid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var columns = reader.GetFieldValue<string[]>(7);
        var comments = reader.GetFieldValue<string[]>(8);
        return new SavedView(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            level,
            reader.GetString(3).TrimEnd().TrimEnd(';'),
            RelationAccess.Read(reader, 10),
            reader.GetFieldValue<string[]>(4),
            reader.GetBoolean(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            columns.Zip(comments).ToList(),
            reader.GetFieldValue<string[]>(9));
    }
}
