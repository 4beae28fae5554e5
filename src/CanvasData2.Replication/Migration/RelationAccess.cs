using System.Text;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>
/// Who may use a relation: its owner and its grants (PUBLIC is the empty grantee). A swap drops the live table and
/// renames a new one in its place, and a dependent view is dropped and recreated: both carry this across, in the
/// same transaction, so that nobody loses access to a table they were given.
/// </summary>
internal sealed record RelationAccess(string Owner, IReadOnlyList<(string Grantee, string Privilege, bool Grantable)> Grants)
{
    /// <summary>SQL columns reading owner, grantees, privileges and grant options of <c>c</c> (a pg_class row).</summary>
    public const string SelectColumns = """
        pg_get_userbyid(c.relowner)::text,
        array(SELECT CASE WHEN x.grantee = 0 THEN '' ELSE pg_get_userbyid(x.grantee)::text END FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type),
        array(SELECT x.privilege_type FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type),
        array(SELECT x.is_grantable FROM aclexplode(c.relacl) x ORDER BY x.grantee, x.privilege_type)
        """;

    /// <summary>Reads <see cref="SelectColumns"/> starting at <paramref name="first"/>.</summary>
    public static RelationAccess Read(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var grantees = reader.GetFieldValue<string[]>(first + 1);
        var privileges = reader.GetFieldValue<string[]>(first + 2);
        var grantable = reader.GetFieldValue<bool[]>(first + 3);
        return new RelationAccess(reader.GetString(first), grantees.Select((g, i) => (g, privileges[i], grantable[i])).ToList());
    }

    /// <summary>The access of table <paramref name="schema"/>.<paramref name="name"/> and its comment; null when there is no such table.</summary>
    public static async Task<(RelationAccess Access, string? Comment)?> ReadTableAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {SelectColumns}, obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (Read(reader, 0), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>
    /// Gives <paramref name="qualifiedName"/> (created by <paramref name="currentUser"/>) these grants, then this
    /// owner: granting needs the creator's ownership, and ALTER OWNER moves the creator's own entries to the owner.
    /// </summary>
    public string RestoreSql(string kindSql, string qualifiedName, string currentUser)
    {
        var sql = new StringBuilder();
        foreach (var (grantee, privilege, grantable) in Grants)
        {
            var to = grantee.Length == 0 ? "PUBLIC" : Identifiers.Quote(grantee);
            sql.AppendLine($"GRANT {Privilege(privilege)} ON {qualifiedName} TO {to}{(grantable ? " WITH GRANT OPTION" : string.Empty)};");
        }

        if (!string.Equals(Owner, currentUser, StringComparison.Ordinal))
        {
            sql.AppendLine($"ALTER {kindSql} {qualifiedName} OWNER TO {Identifiers.Quote(Owner)};");
        }

        return sql.ToString();
    }

    public static async Task<string> CurrentUserAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var whoAmI = new NpgsqlCommand("SELECT current_user::text", connection);
        return (string)(await whoAmI.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string Privilege(string privilege)
        => privilege.All(c => char.IsAsciiLetterUpper(c) || c == ' ') ? privilege : throw new ReplicationException($"Unexpected privilege '{privilege}'.");
}
