using System.Text.Json;
using CanvasData2.Dap;
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
    private static readonly StagingRef Staging = new("canvas", "accounts", "job-1", StagingKind.Changes);

    private static TableSchema Schema(long version) => new(JsonDocument.Parse("{}").RootElement, version);

    [Fact]
    public async Task StartQuery_SnapshotRequired_ReturnsItAsData()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.SnapshotRequired, "since too old", 400, new DapError("ValidationError", "u-1", "since too old")));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput("canvas", "accounts", DateTimeOffset.UnixEpoch));

        Assert.Equal(JobStateKind.SnapshotRequired, state.Kind);
        Assert.Equal("u-1", state.Failure!.DapUuid);
    }

    [Fact]
    public async Task StartQuery_RateLimitOutlivedClientRetries_ReturnsRetryAfter()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Transient, "too many requests", 429));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput("canvas", "accounts", null));

        Assert.Equal(JobStateKind.RetryAfter, state.Kind);
    }

    [Fact]
    public async Task StartQuery_ServerError_ThrowsForTheRetryPolicy()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Transient, "bad gateway", 502));

        await Assert.ThrowsAsync<DapException>(() => new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput("canvas", "accounts", null)));
    }

    [Fact]
    public async Task StartQuery_Forbidden_ReturnsFailureWithUuid()
    {
        _dap.StartQueryAsync("canvas", "accounts", Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DapException(DapErrorKind.Forbidden, "forbidden", 403, new DapError("AccessDenied", "u-2", "not onboarded")));

        var state = await new StartQueryActivity(_dap, NullLogger<StartQueryActivity>.Instance)
            .RunAsync(_context, new StartQueryInput("canvas", "accounts", null));

        Assert.Equal(JobStateKind.Failed, state.Kind);
        Assert.Equal(new TableError("dap.forbidden", "not onboarded", "AccessDenied", "u-2"), state.Failure);
    }

    [Fact]
    public async Task PollJob_FailedJob_CarriesDapError()
    {
        _dap.GetJobAsync("job-1", Arg.Any<CancellationToken>())
            .Returns(new DapJob("job-1", JobStatus.Failed, Error: new DapError("QueryFailed", "u-3", "query failed")));

        var state = await new PollJobActivity(_dap, NullLogger<PollJobActivity>.Instance).RunAsync(_context, "job-1");

        Assert.Equal((JobStateKind.Failed, "u-3"), (state.Kind, state.Failure!.DapUuid));
    }

    [Fact]
    public async Task PrepareStaging_SchemaMovedOn_DoesNotStage()
    {
        _dap.GetSchemaAsync("canvas", "accounts", Arg.Any<CancellationToken>()).Returns(Schema(8));

        var result = await new PrepareStagingActivity(_dap, _engine, NullLogger<PrepareStagingActivity>.Instance)
            .RunAsync(_context, new PrepareStagingInput(Staging, 7));

        Assert.Equal(new PrepareResult(PrepareKind.SchemaChanged, 8), result);
        await _engine.DidNotReceiveWithAnyArgs().PrepareStagingAsync(default!, default!, default);
    }

    [Fact]
    public async Task PrepareStaging_SameVersion_StagesWithTheCurrentSchema()
    {
        var schema = Schema(7);
        _dap.GetSchemaAsync("canvas", "accounts", Arg.Any<CancellationToken>()).Returns(schema);

        var result = await new PrepareStagingActivity(_dap, _engine, NullLogger<PrepareStagingActivity>.Instance)
            .RunAsync(_context, new PrepareStagingInput(Staging, 7));

        Assert.Equal(PrepareKind.Ready, result.Kind);
        await _engine.Received(1).PrepareStagingAsync(Staging.ToTarget(), schema, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task LoadObject_BadData_ReturnsReplicaErrorNamingTheColumn()
    {
        _dap.OpenObjectAsync("o1", Arg.Any<CancellationToken>()).Returns(new MemoryStream([1, 2, 3]));
        _engine.LoadObjectAsync(Staging.ToTarget(), "o1", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ReplicationException("value out of range in column 'id'", Staging.ToTarget().Table, "id"));

        var result = await new LoadObjectActivity(_dap, _engine, NullLogger<LoadObjectActivity>.Instance).RunAsync(_context, new LoadObjectInput(Staging, "o1", 0));

        Assert.Equal("replica", result.Failure!.Kind);
        Assert.Contains("'id'", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadObject_TransientReplicaFault_ThrowsForTheRetryPolicy()
    {
        _dap.OpenObjectAsync("o1", Arg.Any<CancellationToken>()).Returns(new MemoryStream([1]));
        _engine.LoadObjectAsync(Staging.ToTarget(), "o1", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ReplicationException("connection lost") { IsTransient = true });

        await Assert.ThrowsAsync<ReplicationException>(() =>
            new LoadObjectActivity(_dap, _engine, NullLogger<LoadObjectActivity>.Instance).RunAsync(_context, new LoadObjectInput(Staging, "o1", 0)));
    }

    [Fact]
    public async Task Commit_SnapshotInput_CommitsInitAtTheSnapshotTime()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(1);
        var target = Staging with { Kind = StagingKind.Snapshot };
        _engine.CommitInitAsync(target.ToTarget(), at, Arg.Any<CancellationToken>()).Returns(new CommitResult(CommitOutcome.Committed, 5, 0, null, 3));

        var step = await new CommitActivity(_engine, NullLogger<CommitActivity>.Instance).RunAsync(_context, new CommitInput(target, null, at));

        Assert.Equal(new CommitStep(CommitOutcome.Committed, 5, 0, null, 3), step);
    }

    [Theory]
    [InlineData(null, null, "a,b,c", "", "")]
    [InlineData("a,canvas.c,other.b", null, "a,c", "", "")]
    [InlineData("a,zzz", "a", "", "a", "zzz")]
    [InlineData(null, "b, other.c", "a,c", "b", "")]
    public void TableFilter_IncludeAndSkip(string? include, string? skip, string tables, string skipped, string missing)
    {
        static IReadOnlyList<string>? Split(string? s) => s?.Split(',');
        static string Join(IReadOnlyList<string> l) => string.Join(',', l);

        var listing = TableFilter.Apply(new ListTablesInput("canvas", Split(include), Split(skip)), ["c", "a", "b"]);

        Assert.Equal((tables, skipped, missing), (Join(listing.Tables), Join(listing.Skipped), Join(listing.Missing)));
    }
}
