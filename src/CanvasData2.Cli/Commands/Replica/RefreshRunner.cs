using CanvasData2.Cli.Connections;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;
using CanvasData2.Local;
using CanvasData2.Orchestration;
using CanvasData2.Replication;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Commands.Replica;

/// <summary>
/// Runs the refresh orchestration in-process (<see cref="LocalRefreshHost"/>) with a tables done/total bar,
/// then prints the summary table and the run's one-line summary (its run id first). Used by <c>refresh</c>, <c>initdb</c>, <c>syncdb</c> and <c>demo</c>.
/// </summary>
internal sealed class RefreshRunner(DapClientFactory dapFactory, ReplicaFactory replicaFactory, ILoggerFactory loggerFactory, CliConsole console)
{
    public async Task<RunSummary> RunAsync(DapConnection dap, string connectionString, RefreshRequest request, string title, CancellationToken cancellationToken)
        => (await RunAsync(dap, connectionString, request.Pacing, title, (_, _) => Task.FromResult<RefreshRequest?>(request), cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Lets <paramref name="select"/> decide what to run with the DAP client and replica the run will use, then
    /// runs it in a <see cref="LocalRefreshHost"/>. When <paramref name="select"/> returns null nothing runs and
    /// the result is null.
    /// </summary>
    public async Task<RunSummary?> RunAsync(
        DapConnection dap, string connectionString, bool pacing, string title, Func<IDapClient, IReplicaEngine, Task<RefreshRequest?>> select, CancellationToken cancellationToken)
    {
        using var client = dapFactory.Create(dap with { Pacing = pacing });
        await using var replica = replicaFactory.Create(connectionString);
        // The durable host starts, and DAP signs in, on other threads while select checks the tables: most of each
        // is one-time JIT and type loading, which the second core does meanwhile (bench/README.md, fixed cost).
        var starting = Task.Run(() => LocalRefreshHost.StartAsync(client, replica, loggerFactory), CancellationToken.None);
        using var stopSigningIn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signingIn = Task.Run(() => client.AuthenticateAsync(stopSigningIn.Token), CancellationToken.None);
        RefreshRequest? request;
        try
        {
            request = await select(client, replica).ConfigureAwait(false);
        }
        catch
        {
            await StopUnusedAsync().ConfigureAwait(false);
            throw;
        }

        if (request is null)
        {
            await StopUnusedAsync().ConfigureAwait(false);
            return null;
        }

        RunSummary summary;
        try
        {
            // The run starts while DAP may still be signing in: its first DAP call waits for the same token.
            await using var host = await starting.ConfigureAwait(false);
            summary = await console.RunWithProgressAsync(async display =>
            {
                var tables = display.Add(title);
                var reporter = new ProgressReporter(tables, console);
                var result = await host.RunAsync(request, reporter, cancellationToken).ConfigureAwait(false);
                tables.Complete(result.Succeeded ? $"{result.Tables.Count} table(s) done" : $"{result.Failed} of {result.Tables.Count} table(s) failed");
                return result;
            }).ConfigureAwait(false);
        }
        finally
        {
            // Only a head start: a sign-in that failed fails the run's first DAP call, which reports it as usual.
            await signingIn.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        SummaryTable.Render(console, title, summary);
        // The run id and the same one-line summary the orchestration logs (event 3010), so both hosts' logs read alike.
        console.InfoLine(RunSummaryEvent.From(summary.RunId ?? "", summary).Line);
        return summary;

        // Nothing to run, or select failed: neither the sign-in nor the host is needed (a host that failed to start
        // does not hide select's own error).
        async Task StopUnusedAsync()
        {
            await stopSigningIn.CancelAsync().ConfigureAwait(false);
            await signingIn.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ((Task)starting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (starting.IsCompletedSuccessfully)
            {
                await starting.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves the bar synchronously (Progress&lt;T&gt; would post to the thread pool and report out of order).</summary>
    private sealed class ProgressReporter(IProgressLine line, CliConsole console) : IProgress<RefreshProgress>
    {
        private int _done;
        private int _failed;

        public void Report(RefreshProgress value)
        {
            line.SetTotal(value.Total);
            line.Advance(value.Done - _done);
            line.Detail($"{value.Done}/{value.Total}");
            if (!console.Interactive && value.Done > _done)
            {
                console.Info($"{value.Done}/{value.Total} tables done, {value.Failed} failed");
            }

            foreach (var failed in value.FailedTables.Skip(_failed))
            {
                console.Warn($"{failed} failed");
            }

            _done = value.Done;
            _failed = value.FailedTables.Count;
        }
    }
}
