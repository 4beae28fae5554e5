using CanvasData2.Model;
using CanvasData2.Replication.Tests.Schema;
using CanvasData2.Testing;
using static CanvasData2.Replication.Tests.Engine.EngineTestKit;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>
/// Tables the fixtures have no objects for: rows written in DAP's TSV notation (README "Server side") must be
/// stored exactly as the official client stored the same rows (the first lines of data-step0).
/// </summary>
public sealed class ValueTypeTests
{
    [Fact]
    public async Task Quizzes_float32_int_arrays_enum_arrays_nested_json_and_defaults_match_the_official_rows()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        const string tsv =
            "meta.ts\tkey.id\tvalue.title\tvalue.quiz_type\tvalue.allowed_attempts\tvalue.assignment_id\tvalue.points_possible\tvalue.time_limit\tvalue.shuffle_answers\tvalue.show_correct_answers_at\tvalue.question_bank_ids\tvalue.access_settings\tvalue.question_types\tvalue.scoring_policy\n"
            + "2026-11-01T00:00:00.000Z\t1\tcol1\\tcol2\\tcol3\tassignment\t-1\t2\t0.5\t0\tfalse\t\\N\t[]\t{\"lockdown_browser\":true,\"hide_results\":\"always\"}\t[]\tkeep_highest\n"
            + "2026-11-01T00:00:00.000Z\t2\tC:\\\\new\\\\table\tgraded_survey\t3\t3\t0.1\t2147483647\ttrue\t2026-11-03T00:00:45Z\t[2]\t{\"lockdown_browser\":false,\"hide_results\":\"until_after_last_attempt\",\"cooldown_minutes\":2}\t[\"essay_question\"]\tkeep_latest\n";
        await AssertStoredLikeOfficialAsync(new TableName("canvas", "quizzes"), tsv, 2, cancellationToken);
    }

    [Fact]
    public async Task Products_decimal_time_const_reserved_words_and_escapes_match_the_official_rows()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        const string tsv =
            "meta.ts\tkey.id\tvalue.title\tvalue.description\tvalue.price\tvalue.credits\tvalue.max_seats\tvalue.difficulty\tvalue.currency\tvalue.delivery_format\tvalue.start_date\tvalue.end\tvalue.daily_start_time\tvalue.visibility\tvalue.tags\tvalue.featured\tvalue.created_at\n"
            + "2026-11-01T00:00:00.000Z\t1\t\\\\N\tLine one of 1.\\nLine two: \"quoted\", 'single', back\\\\slash.\t0.0\t0\t0\t1\tUSD\tonline\t2026-02-02\t\\N\t00:00:00Z\tunlisted\t[]\tfalse\t2026-10-31T00:00:13Z\n"
            + "2026-11-01T00:00:00.000Z\t2\tunit\u001fseparator\tLine one of 2.\\nLine two: \"quoted\", 'single', back\\\\slash.\t19.99\t1000\t100000\t2\tUSD\tin_person\t2026-03-03\t2027-03-03\t23:59:59.999999Z\tPrivate\t[\"stem\"]\tfalse\t2026-10-30T00:00:26Z\n";
        await AssertStoredLikeOfficialAsync(new TableName("catalog", "products"), tsv, 2, cancellationToken);
    }

    [Fact]
    public async Task Accounts_extreme_timestamps_uuid_smallint_and_unicode_match_the_official_rows()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        const string tsv =
            "meta.ts\tkey.id\tvalue.name\tvalue.uuid\tvalue.allow_sis_import\tvalue.parent_account_id\tvalue.root_account_id\tvalue.depth\tvalue.default_storage_quota_mb\tvalue.default_time_zone\tvalue.workflow_state\tvalue.created_at\tvalue.deleted_at\tvalue.integration_id\n"
            + "2026-11-01T00:00:00.000Z\t1\t\t1da60ac1-8dab-49d8-b009-fa206f19f024\ttrue\t\\N\t1\t1\t500\tEurope/Budapest\tactive\t2026-10-31T00:00:07.250000Z\t\\N\t\\N\n"
            + "2026-11-01T00:00:00.000Z\t2\t  two leading, two trailing  \te492bcf8-dadc-4e22-b547-b417675babc4\tfalse\t1\t1\t2\t0\tPacific/Chatham\tdeleted\t2026-10-30T00:00:14.500000Z\t0001-01-01T00:00:00Z\t\\N\n";
        await AssertStoredLikeOfficialAsync(new TableName("canvas", "accounts"), tsv, 2, cancellationToken);
    }

    [Fact]
    public async Task Array_elements_that_need_quoting_are_stored_like_the_official_client_stored_them()
    {
        var cancellationToken = TestTimeout.Seconds(60);
        var table = Assignments;
        var expected = OfficialFixtures.Read("data-step0/canvas.assignments.tsv").Split('\n')[9].Split('\t')[8];
        const string tsv =
            "meta.ts\tmeta.action\tkey.id\tvalue.submission_types\n"
            + "2026-11-01T00:00:00.000Z\tU\t9\t[\"a,b\",\"quote\\\\\"d\",\"back\\\\\\\\slash\",\"tab\\\\there\",\"ünï\",\"NULL\",\"\",\"{x}\",\"new\\\\nline\"]\n";
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        // A change staging table, which takes a row of this one column (a snapshot's staging table has the NOT NULLs).
        var target = new StagingTarget(table, "j", StagingKind.Changes);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(table), cancellationToken);
        Assert.Equal(1, (await LoadTextAsync(engine, target, "o", tsv, cancellationToken)).Rows);
        var stored = await CopyOutAsync(db, $"COPY (SELECT submission_types FROM canvasdata2.\"canvas.assignments.j\") TO STDOUT", cancellationToken);
        Assert.Equal(expected + "\n", stored);
    }

    private static async Task AssertStoredLikeOfficialAsync(TableName table, string tsv, int rows, CancellationToken cancellationToken)
    {
        var (engine, db) = await NewEngineAsync();
        await using var _ = engine;
        var target = new StagingTarget(table, "types", StagingKind.Snapshot);
        await engine.PrepareStagingAsync(target, OfficialFixtures.Schema(table), cancellationToken);
        Assert.Equal(rows, (await LoadTextAsync(engine, target, "part-0", tsv, cancellationToken)).Rows);
        Assert.Equal(CommitOutcome.Committed, (await engine.CommitInitAsync(target, Step0, cancellationToken)).Outcome);
        var expected = string.Concat(OfficialFixtures.Read($"data-step0/{table}.tsv").Split('\n').Take(rows + 1).Select(l => l + "\n"));
        Assert.Equal(expected, await DumpAsync(db, table, cancellationToken));
    }
}
