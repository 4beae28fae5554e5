using System.Text;
using CanvasData2.Replication.Bookkeeping;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Access;

/// <summary>
/// Read access for <see cref="ReaderRole"/>s, granted by the app as the owner of what it replicates: CONNECT on
/// the database, USAGE on every replicated schema and on <c>instructure_dap</c> (so readers see how fresh each
/// table is), SELECT on their tables and views. Never on <c>canvasdata2</c> (staging and ledger). Roles granted
/// before are recorded; one no longer configured loses its grants on the next run.
/// </summary>
internal static class ReaderGrants
{
    private const string LedgerSql = """
        CREATE TABLE IF NOT EXISTS "canvasdata2"."reader_role" (
            role_name text NOT NULL,
            granted_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT "pk_reader_role" PRIMARY KEY (role_name)
        );
        """;

    /// <summary>Makes missing Entra principals, grants what each reader needs, and revokes roles no longer configured.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<ReaderRole> readers, NpgsqlDataSource? roleAdmin, CancellationToken cancellationToken)
    {
        foreach (var reader in readers)
        {
            await EnsureRoleAsync(roleAdmin, connection, reader, cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, LedgerSql, cancellationToken).ConfigureAwait(false);

        var database = (await ScalarTextAsync(connection, transaction, "SELECT current_database()::text", null, cancellationToken).ConfigureAwait(false))!;
        var schemas = await ListAsync(connection, transaction, ReplicatedSchemasSql, cancellationToken).ConfigureAwait(false);
        var granted = await ListAsync(connection, transaction, """SELECT role_name FROM "canvasdata2"."reader_role" r WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.role_name) ORDER BY role_name""", cancellationToken).ConfigureAwait(false);
        var names = readers.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var sql = new StringBuilder();
        foreach (var gone in granted.Where(g => !names.Contains(g)))
        {
            sql.Append(RevokeSql(gone, database, schemas));
        }

        foreach (var reader in readers)
        {
            sql.Append(GrantSql(reader.Name, database, schemas));
        }

        if (sql.Length > 0)
        {
            await ExecuteAsync(connection, transaction, sql.ToString(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var record in new[]
                 {
                     """DELETE FROM "canvasdata2"."reader_role" WHERE NOT (role_name = ANY($1))""",
                     """INSERT INTO "canvasdata2"."reader_role" (role_name) SELECT unnest($1) ON CONFLICT DO NOTHING""",
                 })
        {
            await using var command = new NpgsqlCommand(record, connection, transaction);
            command.Parameters.AddWithValue(names.ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a table swapped in (or a schema made) during a run needs at once: USAGE on its schema, SELECT on it.</summary>
    public static string GrantTableSql(IReadOnlyList<ReaderRole> readers, string schema, string qualifiedTable)
    {
        var sql = new StringBuilder();
        foreach (var reader in readers)
        {
            var role = Identifiers.Quote(reader.Name);
            sql.AppendLine($"GRANT USAGE ON SCHEMA {Identifiers.Quote(schema)} TO {role};");
            sql.AppendLine($"GRANT SELECT ON {qualifiedTable} TO {role};");
        }

        return sql.ToString();
    }

    private static string GrantSql(string name, string database, IReadOnlyList<string> schemas)
    {
        var role = Identifiers.Quote(name);
        var sql = new StringBuilder();
        sql.AppendLine($"GRANT CONNECT ON DATABASE {Identifiers.Quote(database)} TO {role};");
        foreach (var schema in schemas.Append(OfficialBookkeeping.Schema))
        {
            var quoted = Identifiers.Quote(schema);
            sql.AppendLine($"GRANT USAGE ON SCHEMA {quoted} TO {role};");
            sql.AppendLine($"GRANT SELECT ON ALL TABLES IN SCHEMA {quoted} TO {role};");
        }

        return sql.ToString();
    }

    private static string RevokeSql(string name, string database, IReadOnlyList<string> schemas)
    {
        var role = Identifiers.Quote(name);
        var sql = new StringBuilder();
        foreach (var schema in schemas.Append(OfficialBookkeeping.Schema))
        {
            var quoted = Identifiers.Quote(schema);
            sql.AppendLine($"REVOKE ALL ON ALL TABLES IN SCHEMA {quoted} FROM {role};");
            sql.AppendLine($"REVOKE USAGE ON SCHEMA {quoted} FROM {role};");
        }

        sql.AppendLine($"REVOKE CONNECT ON DATABASE {Identifiers.Quote(database)} FROM {role};");
        return sql.ToString();
    }

    private static async Task EnsureRoleAsync(NpgsqlDataSource? roleAdmin, NpgsqlConnection connection, ReaderRole reader, CancellationToken cancellationToken)
    {
        if (await ScalarTextAsync(connection, null, "SELECT rolname::text FROM pg_roles WHERE rolname = $1", reader.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        if (!reader.IsEntra)
        {
            throw new ReplicationException(
                $"Reader role '{reader.Name}' (CD2_READER_ROLES) does not exist in the database server: create it (CREATE ROLE \"{reader.Name}\" LOGIN) or remove it from the setting.");
        }

        if (roleAdmin is null)
        {
            await CreatePrincipalAsync(connection, reader, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Roles are server-wide; Azure keeps the function in its postgres database (where its docs run it).
        await using var admin = await roleAdmin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CreatePrincipalAsync(admin, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Azure's documented way for an Entra admin to make a role for an Entra principal by its object id.</summary>
    private static async Task CreatePrincipalAsync(NpgsqlConnection connection, ReaderRole reader, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand("SELECT pgaadauth_create_principal_with_oid($1, $2, $3, false, false)", connection);
        create.Parameters.AddWithValue(reader.Name);
        create.Parameters.AddWithValue(reader.EntraObjectId!);
        create.Parameters.AddWithValue(reader.EntraType!);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schemas the replica has tables in (the official layout: <c>target_schema</c>, else the namespace).</summary>
    private const string ReplicatedSchemasSql = """
        SELECT DISTINCT s FROM (SELECT coalesce(target_schema, source_namespace)::text AS s FROM "instructure_dap"."table_sync") t
        WHERE EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = t.s) ORDER BY s
        """;

    private static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<string?> ScalarTextAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (parameter is not null)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
