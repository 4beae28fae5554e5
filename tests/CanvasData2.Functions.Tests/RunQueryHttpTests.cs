using System.Net;
using System.Text.Json;
using CanvasData2.Functions.Endpoints;
using CanvasData2.Functions.Tests.Support;
using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NSubstitute;

namespace CanvasData2.Functions.Tests;

/// <summary>GET /api/refresh, /api/refresh/{id} and /summary: run history as JSON; ids that are not runs are refused.</summary>
public sealed class RunQueryHttpTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly FunctionDoubles _functions = new(("CD2_HISTORY_RETENTION_DAYS", "7"));

    private RunQueryHttp Http => new(_functions.Settings, _functions.Clock);

    [Fact]
    public async Task List_refreshes_lists_runs_newest_first_with_trigger_times_and_table_counts()
    {
        var summary = new RunSummary(
            new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 12, 2, 0, 20, 0, DateTimeKind.Utc),
            [new("canvas", "accounts", TableOutcome.Complete), new("canvas", "courses", TableOutcome.Failed, Error: new TableError(TableErrorKind.DapJobFailed, "x"))]);
        _functions.Hub.Add("cd2-refresh-20261202T000000Z-timer", OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now.AddHours(-3), output: JsonSerializer.Serialize(summary, Web));
        _functions.Hub.Add("cd2-refresh-20261202T000000Z-timer:canvas.accounts", OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now.AddHours(-3));
        _functions.Hub.Add("cd2-refresh-20261202T030005Z-manual", OrchestrationRuntimeStatus.Running, FakeTaskHub.Now,
            customStatus: JsonSerializer.Serialize(new RefreshProgress(2, 5, 1, ["canvas.users"]), Web));
        _functions.Hub.Add("cd2-refresh", OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now.AddDays(-1));

        var response = await Http.ListRefreshes(_functions.Get(), _functions.Client, _functions.Context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runs = Json(response).Deserialize<List<RunListItem>>(Web)!;
        Assert.Equal(["cd2-refresh-20261202T030005Z-manual", "cd2-refresh-20261202T000000Z-timer"], runs.Select(r => r.Id));
        Assert.Equal(("manual", "Running", null, 5, 2, 1), (runs[0].Trigger, runs[0].RuntimeStatus, runs[0].FinishedAt, runs[0].TablesTotal, runs[0].TablesDone, runs[0].TablesFailed));
        Assert.Equal(("timer", "Completed", 2, 2, 1), (runs[1].Trigger, runs[1].RuntimeStatus, runs[1].TablesTotal, runs[1].TablesDone, runs[1].TablesFailed));
        Assert.Equal(FakeTaskHub.Now.AddHours(-3), runs[1].StartedAt);
        Assert.Equal(FakeTaskHub.Now.AddHours(-3).AddMinutes(20), runs[1].FinishedAt);
    }

    [Fact]
    public async Task List_refreshes_asks_only_for_runs_of_the_retention_window_with_outputs()
    {
        _functions.Hub.Add("cd2-refresh-20261120T000000Z-timer", OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now.AddDays(-12));

        var response = await Http.ListRefreshes(_functions.Get(), _functions.Client, _functions.Context);

        Assert.Empty(Json(response).Deserialize<List<RunListItem>>(Web)!);
        var query = Assert.Single(_functions.Hub.Queries);
        Assert.Equal((RefreshRunId.Prefix, FakeTaskHub.Now.AddDays(-7), true), (query.InstanceIdPrefix, query.CreatedFrom, query.FetchInputsAndOutputs));
    }

    [Fact]
    public async Task Refresh_status_a_run_is_its_state_with_trigger_and_progress()
    {
        const string id = "cd2-refresh-20261202T030005Z-manual";
        _functions.Hub.Add(id, OrchestrationRuntimeStatus.Running, FakeTaskHub.Now, customStatus: JsonSerializer.Serialize(new RefreshProgress(1, 3, 0, []), Web));

        var response = await RunQueryHttp.RefreshStatus(_functions.Get(), id, _functions.Client, _functions.Context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = Json(response).Deserialize<RunStatusView>(Web)!;
        Assert.Equal((id, "manual", "Running", 1, 3), (view.InstanceId, view.Trigger, view.RuntimeStatus, view.Progress!.Done, view.Progress.Total));
    }

    [Theory]
    [InlineData("cd2-refresh-20261202T000000Z-timer:canvas.accounts")]
    [InlineData("cd2-refresh")]
    [InlineData("some-other-orchestration")]
    [InlineData("cd2-refresh-20261302T000000Z-timer")]
    [InlineData("cd2-refresh-20261202T000000Z-cron")]
    public async Task Status_and_summary_id_that_is_not_a_run_are400_and_look_nothing_up(string id)
    {
        _functions.Hub.Add(id, OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now);

        var status = await RunQueryHttp.RefreshStatus(_functions.Get(), id, _functions.Client, _functions.Context);
        var summary = await RunQueryHttp.RefreshSummary(_functions.Get(), id, _functions.Client, _functions.Context);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (status.StatusCode, summary.StatusCode));
        Assert.Contains("not a refresh run id", Json(status).GetProperty("error").GetString(), StringComparison.Ordinal);
        await _functions.Client.DidNotReceiveWithAnyArgs().GetInstanceAsync(default!, default, default);
    }

    [Fact]
    public async Task Status_and_summary_unknown_run_are404_json()
    {
        var status = await RunQueryHttp.RefreshStatus(_functions.Get(), "cd2-refresh-20261202T000000Z-timer", _functions.Client, _functions.Context);
        var summary = await RunQueryHttp.RefreshSummary(_functions.Get(), "cd2-refresh-20261202T000000Z-timer", _functions.Client, _functions.Context);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (status.StatusCode, summary.StatusCode));
        Assert.Equal("cd2-refresh-20261202T000000Z-timer", Json(summary).GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Refresh_summary_is202_while_running_and_the_summary_once_complete()
    {
        const string id = "cd2-refresh-20261202T000000Z-timer";
        var run = _functions.Hub.Add(id, OrchestrationRuntimeStatus.Running, FakeTaskHub.Now);

        var running = await RunQueryHttp.RefreshSummary(_functions.Get(), id, _functions.Client, _functions.Context);
        _functions.Hub.Instances.Remove(run);
        var summary = new RunSummary(DateTime.UnixEpoch, DateTime.UnixEpoch, [new("canvas", "accounts", TableOutcome.Complete)], RunId: id);
        _functions.Hub.Add(id, OrchestrationRuntimeStatus.Completed, FakeTaskHub.Now, output: JsonSerializer.Serialize(summary, Web));
        var done = await RunQueryHttp.RefreshSummary(_functions.Get(), id, _functions.Client, _functions.Context);

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("Running", Json(running).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(id, Json(done).GetProperty("runId").GetString());
    }

    private static JsonElement Json(HttpResponseData response)
    {
        Assert.Equal(JsonResponses.ContentType, Assert.Single(response.Headers.GetValues("Content-Type")));
        using var document = JsonDocument.Parse(FunctionDoubles.BodyText(response));
        return document.RootElement.Clone();
    }
}
