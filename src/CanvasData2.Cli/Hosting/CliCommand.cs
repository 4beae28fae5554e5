using System.CommandLine;

namespace CanvasData2.Cli.Hosting;

/// <summary>One <c>cd2</c> command: its definition (name, options) and what it does. Registered in DI.</summary>
internal abstract class CliCommand
{
    /// <summary>A new definition of the command (name, options); <see cref="CliApp"/> attaches the action.</summary>
    public abstract Command CreateDefinition();

    /// <summary>Runs the command and returns one of <see cref="ExitCodes"/>.</summary>
    public abstract Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken);
}
