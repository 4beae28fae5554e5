using Azure.Storage.Blobs;
using CanvasData2.Durable.Tests.Support;
using CanvasData2.Durable.Worker;
using CanvasData2.Model;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using CanvasData2.Testing;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace CanvasData2.Durable.Tests;

/// <summary>
/// The refresh on Durable Task's Azure Storage provider (the version the Functions extension ships) against Azurite:
/// history replayed from tables, messages through queues, leases per partition. Each replica is compared with one
/// made by the same refreshes on the in-memory store.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageRefreshTests(Azurite azurite)
{
    [Fact]
    public async Task A_refresh_of_a_hundred_tables_init_sync_and_schema_change_ends_exact_within_the_providers_message_limits()
    {
        var cancellationToken = TestTimeout.Seconds(600);
        await using var scenario = await DurableScenario.StartAsync(tables: 100, rows: 12, jobDelay: TimeSpan.Zero, cancellationToken);
        var (onStorage, reference, hub) = (await TestPostgres.CreateDatabaseAsync("dur"), await TestPostgres.CreateDatabaseAsync("ref"), Azurite.NewTaskHub());

        var init = await scenario.RefreshOnAzureStorageAsync(azurite.ConnectionString, hub, onStorage, cancellationToken);
        await scenario.RefreshInMemoryAsync(reference, cancellationToken);
        Assert.True(init.Succeeded, Failures(init));
        Assert.Equal(100, init.Tables.Count(t => t.Outcome == TableOutcome.Initialized));

        scenario.Emulator.AdvanceTime();
        scenario.Emulator.BumpSchema(DurableScenario.Namespace, DurableScenario.TableName(7));
        var sync = await scenario.RefreshOnAzureStorageAsync(azurite.ConnectionString, hub, onStorage, cancellationToken);
        await scenario.RefreshInMemoryAsync(reference, cancellationToken);
        Assert.True(sync.Succeeded, Failures(sync));
        Assert.Equal(100, sync.Tables.Count(t => t.Outcome is TableOutcome.Complete or TableOutcome.Reinitialized));

        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken, DurableScenario.Namespace), await ReplicaDump.AllAsync(onStorage, cancellationToken, DurableScenario.Namespace));

        // Every message and history row fitted the provider's limits: nothing was moved out to large-message blobs.
        var largeMessages = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"{hub}-largemessages");
        var offloaded = await largeMessages.ExistsAsync(cancellationToken) ? largeMessages.GetBlobsAsync(cancellationToken: cancellationToken).ToBlockingEnumerable(cancellationToken).Count() : 0;
        Assert.Equal(0, offloaded);
    }

    [Theory]
    [InlineData("polling")]
    [InlineData("load")]
    [InlineData("commit")]
    public async Task A_worker_killed_mid_run_is_replaced_by_another_that_finishes_the_run_from_storage_exactly(string point)
    {
        var cancellationToken = TestTimeout.Seconds(300);
        // Jobs take a while at "polling": the run waits on durable timers when the worker dies.
        await using var scenario = await DurableScenario.StartAsync(tables: 4, rows: 30, jobDelay: TimeSpan.FromSeconds(point == "polling" ? 6 : 0), cancellationToken);
        var (onStorage, reference, hub) = (await TestPostgres.CreateDatabaseAsync("dur"), await TestPostgres.CreateDatabaseAsync("ref"), Azurite.NewTaskHub());

        string runId;
        var pause = point == "polling"
            ? null
            : await ServerPause.ArmAsync(onStorage, point, Enumerable.Range(1, 4).Select(i => new TableName(DurableScenario.Namespace, DurableScenario.TableName(i))), cancellationToken);
        await using (pause)
        {
            using var first = scenario.StartWorker(azurite.ConnectionString, hub, onStorage);
            runId = (await first.WaitForAsync("RUN ", cancellationToken))["RUN ".Length..];
            await (pause?.WaitUntilReachedAsync(cancellationToken) ?? first.WaitForAsync("Started DAP job", cancellationToken));
            first.Kill();
        }

        using var second = scenario.FinishWorker(azurite.ConnectionString, hub, onStorage, runId);
        var summary = await second.WaitForAsync("SUMMARY ", cancellationToken);
        var result = System.Text.Json.JsonSerializer.Deserialize<RunSummary>(summary["SUMMARY ".Length..], System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.True(result.Succeeded, summary);
        Assert.Equal(runId, result.RunId);

        await scenario.RefreshInMemoryAsync(reference, cancellationToken);
        Assert.Equal(await ReplicaDump.AllAsync(reference, cancellationToken, DurableScenario.Namespace), await ReplicaDump.AllAsync(onStorage, cancellationToken, DurableScenario.Namespace));
        // Each object is in the replica once: the loaded rows are exactly the emulator's.
        Assert.Equal(4 * 30L, await ReplicaDump.ScalarAsync(onStorage, "SELECT " + string.Join(" + ", Enumerable.Range(1, 4).Select(i => $"(SELECT count(*) FROM durable.{DurableScenario.TableName(i)})")), cancellationToken));
    }

    [Fact]
    public async Task A_second_start_of_a_running_run_is_refused_a_finished_runs_id_is_reused_and_retention_purges_only_old_runs()
    {
        var cancellationToken = TestTimeout.Seconds(300);
        await using var scenario = await DurableScenario.StartAsync(tables: 2, rows: 10, jobDelay: TimeSpan.FromSeconds(3), cancellationToken);
        var (database, hub) = (await TestPostgres.CreateDatabaseAsync("dur"), Azurite.NewTaskHub());
        var store = await AzureStorageStore.OpenAsync(azurite.ConnectionString, hub);
        var client = new TaskHubClient(store);
        // host.json's overridableExistingInstanceStates = NonRunningStates: an instance in flight is never replaced.
        OrchestrationStatus[] inFlight = [OrchestrationStatus.Running, OrchestrationStatus.Pending, OrchestrationStatus.ContinuedAsNew];
        var input = DurableScenario.Request();

        using var dap = scenario.CreateDap();
        await using var engine = CanvasData2.Replication.ReplicaEngine.Create(database);
        await using var host = await CanvasData2.Local.LocalRefreshHost.StartAsync(dap, engine, store, store);
        var old = await client.CreateOrchestrationInstanceAsync(CanvasData2Tasks.RefreshOrchestratorName, "", "cd2-refresh-20261101T000000Z-manual", input, null, inFlight);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => client.CreateOrchestrationInstanceAsync(CanvasData2Tasks.RefreshOrchestratorName, "", old.InstanceId, input, null, inFlight));
        Assert.True((await host.FinishAsync(old.InstanceId, cancellationToken)).Succeeded);

        // Finished: the same id starts again (and runs to its end).
        var again = await client.CreateOrchestrationInstanceAsync(CanvasData2Tasks.RefreshOrchestratorName, "", old.InstanceId, input, null, inFlight);
        Assert.True((await host.FinishAsync(again.InstanceId, cancellationToken)).Succeeded);
        var cutoff = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var recent = await client.CreateOrchestrationInstanceAsync(CanvasData2Tasks.RefreshOrchestratorName, "", "cd2-refresh-20261101T030000Z-manual", input, null, inFlight);
        Assert.True((await host.FinishAsync(recent.InstanceId, cancellationToken)).Succeeded);

        // Retention as PurgeHistory asks for it (created before the cutoff, finished): the old run and its table
        // sub-orchestrations go; the recent run stays.
        var purged = await store.PurgeInstanceHistoryAsync(DateTime.MinValue, cutoff, [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated]);
        Assert.Equal(3, purged.InstancesDeleted);
        Assert.Null(await host.GetInstanceAsync(old.InstanceId));
        Assert.Null(await host.GetInstanceAsync(RefreshRunId.TableInstanceId(old.InstanceId, DurableScenario.Namespace, DurableScenario.TableName(1))));
        Assert.NotNull(await host.GetInstanceAsync(recent.InstanceId));
        Assert.NotNull(await host.GetInstanceAsync(RefreshRunId.TableInstanceId(recent.InstanceId, DurableScenario.Namespace, DurableScenario.TableName(1))));
    }

    private static string Failures(RunSummary summary)
        => string.Join("; ", summary.Tables.Where(t => t.Error is not null).Select(t => $"{t.Namespace}.{t.Table}: {t.Error!.Message}").Prepend(summary.Error?.Message ?? ""));
}
