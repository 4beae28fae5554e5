using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>One dependent (materialized) view as it was before it was dropped: everything needed to recreate it.</summary>
internal sealed record SavedView(
    string Schema,
    string Name,
    bool IsMaterialized,
    int Level,
    string Definition,
    string Owner,
    IReadOnlyList<string> Options,
    bool IsPopulated,
    string? Comment,
    IReadOnlyList<(string Column, string Comment)> ColumnComments,
    IReadOnlyList<(string Grantee, string Privilege, bool Grantable)> Grants,
    IReadOnlyList<string> IndexDefinitions)
{
    public string QualifiedName => Sql.Identifiers.Qualified(Schema, Name);

    public string KindSql => IsMaterialized ? "MATERIALIZED VIEW" : "VIEW";

    public override string ToString() => $"{Schema}.{Name}";

    /// <summary>Reads a view; the caller has pinned <c>search_path</c> so that the definition names every object with its schema.</summary>
    public static async Task<SavedView> ReadAsync(NpgsqlConnection connection, uint oid, int level, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname::text, c.relname::text, c.relkind = 'm', pg_get_viewdef(c.oid, true), pg_get_userbyid(c.relowner)::text,
                   coalesce(c.reloptions, '{}'), c.relispopulated, obj_description(c.oid, 'pg_class'),
                   array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   array(SELECT col_description(c.oid, a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   array(SELECT CASE WHEN x.grantee = 0 THEN '' ELSE pg_get_userbyid(x.grantee)::text END FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type),
                   array(SELECT x.privilege_type FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type),
                   array(SELECT x.is_grantable FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type),
                   array(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY i.indexrelid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1
            """,
            connection);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Oid, oid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var columns = reader.GetFieldValue<string[]>(8);
        var comments = reader.GetFieldValue<string[]>(9);
        var grantees = reader.GetFieldValue<string[]>(10);
        var privileges = reader.GetFieldValue<string[]>(11);
        var grantable = reader.GetFieldValue<bool[]>(12);
        return new SavedView(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            level,
            reader.GetString(3).TrimEnd().TrimEnd(';'),
            reader.GetString(4),
            reader.GetFieldValue<string[]>(5),
            reader.GetBoolean(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            columns.Zip(comments).ToList(),
            grantees.Select((g, i) => (g, privileges[i], grantable[i])).ToList(),
            reader.GetFieldValue<string[]>(13));
    }
}
