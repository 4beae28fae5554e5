using System.Text.Json;
using CanvasData2.Dap;
using CanvasData2.Model;
using CanvasData2.Orchestration.Activities;
using CanvasData2.Replication;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CanvasData2.Orchestration.Tests.Activities;

public sealed class ActivityTests
{
    private readonly IDapClient _dap = Substitute.For<IDapClient>();
    private readonly IReplicaEngine _engine = Substitute.For<IReplicaEngine>();
    private readonly TaskActivityContext _context = Substitute.For<TaskActivityContext>();
    private static readonly StagingTarget Staging = new(new TableName("canvas", "accounts"), "job-1", StagingKind.Changes);

    private static TableSchema Schema(long version) => new(JsonDocument.Parse("{}").RootElement, version);

    [Fact]
    public async Task Start_query_snapshot_required_returns_it_as_data()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.SnapshotRequired, "since too old", 400, new DapError("ValidationError", "u-1", "since too old")));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput(new TableName("canvas", "accounts"), DateTimeOffset.UnixEpoch));

        Assert.Equal(JobStateKind.SnapshotRequired, state.Kind);
        Assert.Equal("u-1", state.Failure!.DapUuid);
    }

    [Fact]
    public async Task Start_query_rate_limit_outlived_client_retries_returns_retry_after()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Transient, "too many requests", 429));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput(new TableName("canvas", "accounts"), null));

        Assert.Equal(JobStateKind.RetryAfter, state.Kind);
    }

    [Fact]
    public async Task Start_query_server_error_throws_for_the_retry_policy()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Transient, "bad gateway", 502));

        await Assert.ThrowsAsync<DapException>(() => new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput(new TableName("canvas", "accounts"), null)));
    }

    [Fact]
    public async Task Start_query_forbidden_returns_failure_with_uuid()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Forbidden, "forbidden", 403, new DapError("AccessDenied", "u-2", "not onboarded")));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput(new TableName("canvas", "accounts"), null));

        Assert.Equal(JobStateKind.Failed, state.Kind);
        Assert.Equal(new TableError(TableErrorKind.DapForbidden, "not onboarded", "AccessDenied", "u-2"), state.Failure);
    }

    [Fact]
    public async Task Poll_job_failed_job_carries_dap_error()
    {
        _dap.GetJobAsync("job-1", Arg.Any<CancellationToken>())
            .Returns(new DapJob("job-1", JobStatus.Failed, Error: new DapError("QueryFailed", "u-3", "query failed")));

        var state = await new PollJobActivity(_dap, NullLogger<PollJobActivity>.Instance).RunAsync(_context, "job-1");

        Assert.Equal((JobStateKind.Failed, "u-3"), (state.Kind, state.Failure!.DapUuid));
    }

    [Fact]
    public async Task Prepare_staging_schema_moved_on_does_not_stage()
    {
        _dap.GetSchemaAsync("canvas", "accounts", Arg.Any<CancellationToken>()).Returns(Schema(8));

        var result = await new PrepareStagingActivity(_dap, _engine, NullLogger<PrepareStagingActivity>.Instance)
            .RunAsync(_context, new PrepareStagingInput(Staging, 7));

        Assert.Equal(new PrepareResult(PrepareKind.SchemaChanged, 8), result);
        await _engine.DidNotReceiveWithAnyArgs().PrepareStagingAsync(default!, default!, default);
    }

    [Fact]
    public async Task Prepare_staging_same_version_stages_with_the_current_schema()
    {
        var schema = Schema(7);
        _dap.GetSchemaAsync("canvas", "accounts", Arg.Any<CancellationToken>()).Returns(schema);

        var result = await new PrepareStagingActivity(_dap, _engine, NullLogger<PrepareStagingActivity>.Instance)
            .RunAsync(_context, new PrepareStagingInput(Staging, 7));

        Assert.Equal(PrepareKind.Ready, result.Kind);
        await _engine.Received(1).PrepareStagingAsync(Staging, schema, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Load_object_bad_data_returns_replica_error_naming_the_column()
    {
        _dap.OpenObjectAsync("o1", Arg.Any<CancellationToken>()).Returns(new MemoryStream([1, 2, 3]));
        _engine.LoadObjectAsync(Staging, "o1", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ReplicationException("value out of range in column 'id'", Staging.Table, "id"));

        var result = await new LoadObjectActivity(_dap, _engine, NullLogger<LoadObjectActivity>.Instance).RunAsync(_context, new LoadObjectInput(Staging, "o1", 0));

        Assert.Equal(TableErrorKind.Replica, result.Failure!.Kind);
        Assert.Contains("'id'", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_object_transient_replica_fault_throws_for_the_retry_policy()
    {
        _dap.OpenObjectAsync("o1", Arg.Any<CancellationToken>()).Returns(new MemoryStream([1]));
        _engine.LoadObjectAsync(Staging, "o1", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ReplicationException("connection lost") { IsTransient = true });

        await Assert.ThrowsAsync<ReplicationException>(() =>
            new LoadObjectActivity(_dap, _engine, NullLogger<LoadObjectActivity>.Instance).RunAsync(_context, new LoadObjectInput(Staging, "o1", 0)));
    }

    [Fact]
    public async Task Commit_snapshot_input_commits_init_at_the_snapshot_time()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(1);
        var target = Staging with { Kind = StagingKind.Snapshot };
        _engine.CommitInitAsync(target, at, Arg.Any<CancellationToken>()).Returns(new CommitResult(CommitOutcome.Committed, 5, 0, null, 3));

        var step = await new CommitActivity(_engine, NullLogger<CommitActivity>.Instance).RunAsync(_context, new CommitInput(target, null, at));

        Assert.Equal(new CommitOutput(CommitOutcome.Committed, 5, 0, null, 3), step);
    }

    [Theory]
    [InlineData(null, null, "a,b,c", "", "")]
    [InlineData("a,canvas.c,other.b", null, "a,c", "", "")]
    [InlineData("a,zzz", "a", "", "a", "zzz")]
    [InlineData(null, "b, other.c", "a,c", "b", "")]
    public void Table_filter_include_and_skip(string? include, string? skip, string tables, string skipped, string missing)
    {
        static IReadOnlyList<string>? Split(string? s) => s?.Split(',');
        static string Join(IReadOnlyList<string> l) => string.Join(',', l);

        var listing = TableFilter.Apply(new ListTablesInput("canvas", Split(include), Split(skip)), ["c", "a", "b"]);

        Assert.Equal((tables, skipped, missing), (Join(listing.Tables), Join(listing.Skipped), Join(listing.Missing)));
    }

    [Fact]
    public void Table_filter_names_dap_lists_outside_the_strict_pattern_are_set_aside_as_invalid()
    {
        var listing = TableFilter.Apply(new ListTablesInput("canvas", null, ["skip me"]), ["accounts", "..", "a/../b", "skip me", "web_logs"]);

        Assert.Equal(["accounts", "web_logs"], listing.Tables);
        Assert.Equal(["..", "a/../b"], listing.Invalid);
        Assert.Equal(["skip me"], listing.Skipped);
    }
}
