namespace CanvasData2.Orchestration.Tests.Model;

/// <summary>The run id's form (sorts by time, says the trigger, one id per timer slot) and the summary event's fields.</summary>
public sealed class RunIdAndSummaryEventTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 41, 250, TimeSpan.Zero);

    [Fact]
    public void Run_id_is_time_sortable_and_names_the_trigger()
    {
        Assert.Equal("cd2-refresh-20261202T030041Z-manual", RefreshRunId.At(At, RefreshTrigger.Manual).ToString());
        Assert.Equal("cd2-refresh-20261202T030000Z-timer", RefreshRunId.ForSlot(At).ToString());
        Assert.Equal("cd2-refresh-20261202T030041Z-cli", RefreshRunId.At(At.ToOffset(TimeSpan.FromHours(2)), RefreshTrigger.Cli).ToString());
        Assert.Equal("cd2-refresh-20261202T030042Z-manual", RefreshRunId.At(At, RefreshTrigger.Manual).Next().ToString());
    }

    [Fact]
    public void Timer_slot_fires_within_one_minute_get_one_id()
        => Assert.Equal(RefreshRunId.ForSlot(At.AddSeconds(-41)), RefreshRunId.ForSlot(At.AddSeconds(18)));

    [Theory]
    [InlineData("cd2-refresh-20261202T030000Z-timer", true)]
    [InlineData("cd2-refresh-20261202T030041Z-manual", true)]
    [InlineData("cd2-refresh-20261202T030041Z-cli", true)]
    [InlineData("cd2-refresh", false)]
    [InlineData("cd2-refresh:canvas.accounts", false)]
    [InlineData("cd2-refresh-20261202T030000Z-timer:canvas.accounts", false)]
    [InlineData("cd2-refresh-20261202T030000Z-Timer", false)]
    [InlineData("cd2-refresh-20261202T0300Z-timer", false)]
    [InlineData("cd2-refresh-20261232T030000Z-timer", false)]
    [InlineData("", false)]
    public void Try_parse_accepts_only_run_ids(string id, bool expected)
    {
        Assert.Equal(expected, RefreshRunId.TryParse(id, out var parsed));
        if (expected)
        {
            Assert.Equal(id, parsed!.ToString());
        }
    }

    [Fact]
    public void Table_instance_id_derives_from_the_run_id()
        => Assert.Equal("cd2-refresh-20261202T030000Z-timer:canvas.accounts", RefreshRunId.TableInstanceId("cd2-refresh-20261202T030000Z-timer", "canvas", "accounts"));

    [Fact]
    public void Summary_event_counts_tables_and_names_failed_ones_with_their_kind()
    {
        var summary = new RunSummary(At.UtcDateTime, At.UtcDateTime.AddSeconds(90.4),
        [
            new("canvas", "accounts", TableOutcome.Complete),
            new("canvas", "courses", TableOutcome.Failed, Error: new TableError(TableErrorKind.DapJobFailed, "job failed")),
            new("canvas", "users", TableOutcome.Failed, Error: new TableError(TableErrorKind.RetriesExhausted, "timed out")),
            new("canvas", "web_logs", TableOutcome.Skipped),
        ]);

        var e = RunSummaryEvent.From("cd2-refresh-20261202T030000Z-timer", summary);

        Assert.Equal(("timer", RunSummaryEvent.TablesFailed, 4, 2, 1), (e.Trigger, e.Outcome, e.Tables, e.Failed, e.Skipped));
        Assert.Equal("canvas.courses=dap.jobfailed,canvas.users=retries.exhausted", e.FailedTables);
        Assert.Equal((RunSummaryEvent.None, 90L), (e.RunError, e.Seconds));
    }

    [Fact]
    public void Summary_event_run_that_could_not_start_is_run_failed()
    {
        var summary = new RunSummary(At.UtcDateTime, At.UtcDateTime, [], new TableError(TableErrorKind.Postgres, "28P01: auth"));

        var e = RunSummaryEvent.From("some-id", summary);

        Assert.Equal((RunSummaryEvent.RunFailed, "postgres", "unknown", RunSummaryEvent.None), (e.Outcome, e.RunError, e.Trigger, e.FailedTables));
        Assert.Equal(RunSummaryEvent.Succeeded, RunSummaryEvent.From("x", summary with { Error = null }).Outcome);
    }
}
