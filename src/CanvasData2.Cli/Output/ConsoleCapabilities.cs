namespace CanvasData2.Cli.Output;

/// <summary>Whether stderr is a person's terminal, where progress bars and colours belong.</summary>
internal static class ConsoleCapabilities
{
    public static bool IsInteractive()
        => !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
}
