using Npgsql;

namespace CanvasData2.Replication.Bookkeeping;

/// <summary>
/// Our own bookkeeping, in schema <c>canvasdata2</c> (the official client never looks there): one row per job
/// with its staging table and the schema its data use, one row per object loaded into that staging table, and for
/// change objects an unlogged row that lasts as long as their staged rows do.
/// </summary>
internal static partial class JobLedger
{
    public const string Schema = "canvasdata2";

    private const string CreateSql = """
        CREATE SCHEMA IF NOT EXISTS "canvasdata2";
        COMMENT ON SCHEMA "canvasdata2" IS 'CanvasData2 replicator: staging tables and job ledger (not used by the official dap client).';
        CREATE TABLE IF NOT EXISTS "canvasdata2"."staging_job" (
            source_namespace text NOT NULL,
            source_table text NOT NULL,
            job_id text NOT NULL,
            kind text NOT NULL,
            staging_table text NOT NULL,
            schema_version bigint NOT NULL,
            schema_json text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            committed_at timestamptz,
            table_oid oid,
            table_sync_id bigint,
            CONSTRAINT "pk_staging_job" PRIMARY KEY (source_namespace, source_table, job_id)
        );
        -- Ledgers from before table_oid/table_sync_id get them once. Checked first: ALTER TABLE takes an exclusive
        -- lock even when IF NOT EXISTS finds the column, and would queue every load behind a long COPY.
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"canvasdata2"."staging_job"'::regclass AND attname = 'table_oid' AND NOT attisdropped) THEN
                ALTER TABLE "canvasdata2"."staging_job" ADD COLUMN table_oid oid, ADD COLUMN table_sync_id bigint;
            END IF;
        END $$;
        CREATE TABLE IF NOT EXISTS "canvasdata2"."loaded_object" (
            source_namespace text NOT NULL,
            source_table text NOT NULL,
            job_id text NOT NULL,
            object_id text NOT NULL,
            row_count bigint NOT NULL,
            loaded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT "pk_loaded_object" PRIMARY KEY (source_namespace, source_table, job_id, object_id)
        );
        -- Its count of values DAP truncated; ledgers from before it get the column once. (Older ledgers also hold
        -- row_keys and key_fingerprints columns of key fingerprints, which nothing reads now: see staged_object.)
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '"canvasdata2"."loaded_object"'::regclass AND attname = 'truncated_values' AND NOT attisdropped) THEN
                ALTER TABLE "canvasdata2"."loaded_object" ADD COLUMN truncated_values bigint NOT NULL DEFAULT 0;
            END IF;
        END $$;
        -- What a change object with rows leaves beside its change table, UNLOGGED like that table so that a database
        -- crash empties both together: one row per object (StagingIntegrity counts them against loaded_object) with
        -- the key fingerprints of its rows in row order (KeyFingerprints), which need no WAL.
        CREATE UNLOGGED TABLE IF NOT EXISTS "canvasdata2"."staged_object" (
            source_namespace text NOT NULL,
            source_table text NOT NULL,
            job_id text NOT NULL,
            object_id text NOT NULL,
            row_keys bytea,
            CONSTRAINT "pk_staged_object" PRIMARY KEY (source_namespace, source_table, job_id, object_id)
        );
        """;

    public static async Task EnsureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(CreateSql, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The job's row, or null when it was never prepared or its commit is stale: the replica's own state
    /// decides, so a committed entry whose table or table_sync row is gone or replaced is deleted here.
    /// </summary>
    public static async Task<StagingJob?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, StagingTarget target, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
        if (found is not { Job.Committed: true } committed
            || await CommitStillHoldsAsync(connection, transaction, target.Table, committed.TableOid, committed.TableSyncId, cancellationToken).ConfigureAwait(false))
        {
            return found?.Job;
        }

        await ForgetStaleCommitAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<(StagingJob Job, uint? TableOid, long? TableSyncId)?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StagingTarget target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT kind, staging_table, schema_version, schema_json, committed_at IS NOT NULL, table_oid, table_sync_id
            FROM "canvasdata2"."staging_job" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3
            """,
            connection,
            transaction);
        AddJobKey(command, target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var kind = Enum.Parse<StagingKind>(reader.GetString(0));
        var job = new StagingJob(target with { Kind = kind }, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetBoolean(4));
        return (job, reader.IsDBNull(5) ? null : reader.GetFieldValue<uint>(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
    }

    /// <summary>Records a new job (no-op when it exists).</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "canvasdata2"."staging_job" (source_namespace, source_table, job_id, kind, staging_table, schema_version, schema_json)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """,
            connection,
            transaction);
        AddJobKey(command, job.Target);
        command.Parameters.AddWithValue(job.Target.Kind.ToString());
        command.Parameters.AddWithValue(job.StagingTable);
        command.Parameters.AddWithValue(job.SchemaVersion);
        command.Parameters.AddWithValue(job.SchemaJson);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims an object for loading: true when this transaction inserted its row (a concurrent loader of the
    /// same object waits for ours and then sees it loaded).
    /// </summary>
    public static async Task<bool> ClaimObjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, string objectId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "canvasdata2"."loaded_object" (source_namespace, source_table, job_id, object_id, row_count)
            VALUES ($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING
            """,
            connection,
            transaction);
        AddJobKey(command, target);
        command.Parameters.AddWithValue(objectId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public static async Task<(long Rows, long TruncatedValues)> ObjectRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, string objectId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT row_count, truncated_values FROM "canvasdata2"."loaded_object"
            WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3 AND object_id = $4
            """,
            connection,
            transaction);
        AddJobKey(command, target);
        command.Parameters.AddWithValue(objectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    public static async Task SetObjectRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, string objectId, long rows, long truncatedValues, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE "canvasdata2"."loaded_object" SET row_count = $5, truncated_values = $6
            WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3 AND object_id = $4
            """,
            connection,
            transaction);
        AddJobKey(command, target);
        command.Parameters.AddWithValue(objectId);
        command.Parameters.AddWithValue(rows);
        command.Parameters.AddWithValue(truncatedValues);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a change object's rows as staged, with their key fingerprints (null when they cannot tell anything),
    /// in the unlogged table a database crash empties together with the change table.
    /// </summary>
    public static async Task StageObjectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, string objectId, byte[]? keyFingerprints, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "canvasdata2"."staged_object" (source_namespace, source_table, job_id, object_id, row_keys)
            VALUES ($1, $2, $3, $4, $5)
            """,
            connection,
            transaction);
        AddJobKey(command, target);
        command.Parameters.AddWithValue(objectId);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea, Value = (object?)keyFingerprints ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The key fingerprints of every object staged for the job (<see cref="Loading.KeyFingerprints.Result"/>), or null when
    /// they cannot tell anything: an object has none, or all of them together exceed <paramref name="maxBytes"/>. Both are checked in the database
    /// first, so nothing beyond the bound is ever fetched. Read after <see cref="StagingIntegrity"/> found every object with rows staged.
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>?> KeyFingerprintsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, long maxBytes, CancellationToken cancellationToken)
    {
        const string Objects = """FROM "canvasdata2"."staged_object" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3""";
        await using (var summary = new NpgsqlCommand(
            $"SELECT coalesce(bool_and(row_keys IS NOT NULL), true) AND coalesce(sum(octet_length(row_keys)), 0) <= $4 {Objects}",
            connection,
            transaction))
        {
            AddJobKey(summary, target);
            summary.Parameters.AddWithValue(maxBytes);
            if (!(bool)(await summary.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        await using var command = new NpgsqlCommand($"SELECT row_keys {Objects}", connection, transaction);
        AddJobKey(command, target);
        var result = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetFieldValue<byte[]>(0));
        }

        return result;
    }

    /// <summary>
    /// Marks the job committed and forgets its objects (the job row stays, so a repeated commit is recognised).
    /// Call after the live table and its table_sync row are written: the row records which ones it published.
    /// </summary>
    public static async Task MarkCommittedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, CancellationToken cancellationToken)
    {
        await using (var mark = new NpgsqlCommand(
            """
            UPDATE "canvasdata2"."staging_job" SET committed_at = now(), schema_json = '',
                table_oid = to_regclass(format('%I.%I', $1::text, $4::text))::oid,
                table_sync_id = (SELECT min(id) FROM "instructure_dap"."table_sync" WHERE source_namespace = $1 AND source_table = $2)
            WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3
            """,
            connection,
            transaction))
        {
            AddJobKey(mark, target);
            mark.Parameters.AddWithValue(Sql.Identifiers.Fit(target.Table.Table));
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ForgetObjectsAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets an uncommitted job and its objects (its staging table is dropped by the caller).</summary>
    public static async Task ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            connection,
            transaction,
            """
            DELETE FROM "canvasdata2"."staging_job"
            WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3 AND committed_at IS NULL
            """,
            target,
            cancellationToken).ConfigureAwait(false);
        await ForgetObjectsAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ForgetObjectsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagingTarget target, CancellationToken cancellationToken)
    {
        foreach (var sql in ForgetObjectsSql)
        {
            await ExecuteAsync(connection, transaction, sql, target, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly string[] ForgetObjectsSql =
    [
        """DELETE FROM "canvasdata2"."loaded_object" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3""",
        """DELETE FROM "canvasdata2"."staged_object" WHERE source_namespace = $1 AND source_table = $2 AND job_id = $3""",
    ];

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, StagingTarget target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddJobKey(command, target);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parameters $1–$3 of every per-job ledger query: the table's namespace and name, and the job id.</summary>
    public static void AddJobKey(NpgsqlCommand command, StagingTarget target)
    {
        command.Parameters.AddWithValue(target.Table.Namespace);
        command.Parameters.AddWithValue(target.Table.Table);
        command.Parameters.AddWithValue(target.JobId);
    }
}

/// <summary>A job's ledger row.</summary>
internal sealed record StagingJob(StagingTarget Target, string StagingTable, long SchemaVersion, string SchemaJson, bool Committed)
{
    /// <summary>The staging table name: unique per table and job, shortened deterministically when long.</summary>
    public static string StagingTableFor(StagingTarget target)
        => Sql.Identifiers.Fit($"{target.Table.Namespace}.{target.Table.Table}.{target.JobId}");
}
