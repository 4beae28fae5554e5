using System.CommandLine;
using CanvasData2.Cli.Output;
using CanvasData2.Cli.Settings;
using CanvasData2.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace CanvasData2.Cli.Hosting;

/// <summary>Entry point: builds the services and the command tree, parses, runs, maps the outcome to an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var globals = new GlobalOptions();
        using var logSwitch = new LogSwitch();
        var replicaOptions = new CanvasData2.Replication.ReplicaOptions
        {
            Readers = [.. SettingValues.List(Environment.GetEnvironmentVariable(SettingNames.ReaderRoles)).Distinct(StringComparer.Ordinal)
                .Select(name => new CanvasData2.Replication.ReaderRole(name))],
        };
        await using var services = new ServiceCollection().AddCli(globals, logSwitch, replicaOptions).BuildServiceProvider();
        var console = services.GetRequiredService<CliConsole>();
        var root = BuildRoot(services, globals);

        // The one parse of the command line; the log level and format take effect before anything runs.
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Fail(error.Message);
            }

            console.Info($"Run '{HelpCommandLine(parseResult)}' for usage.");
            return ExitCodes.Usage;
        }

        logSwitch.Apply(parseResult.GetValue(globals.LogLevel), parseResult.GetValue(globals.LogFormat) == "json");
        using var signals = new CancellationSignals();
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(invocation, signals.Token).ConfigureAwait(false);
    }

    private static RootCommand BuildRoot(IServiceProvider services, GlobalOptions globals)
    {
        var root = new RootCommand("cd2: replicate Canvas Data 2 (DAP) tables into PostgreSQL. Commands and flags follow Instructure's dap CLI.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        var failures = services.GetRequiredService<FailureReporter>();
        foreach (var command in services.GetServices<CliCommand>())
        {
            var definition = command.CreateDefinition();
            definition.SetAction((parseResult, cancellationToken) => failures.RunAsync(command, parseResult, cancellationToken));
            root.Subcommands.Add(definition);
        }

        return root;
    }

    private static string HelpCommandLine(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "cd2" : result.Command.Name);
        }

        return $"{string.Join(' ', names)} --help";
    }
}
