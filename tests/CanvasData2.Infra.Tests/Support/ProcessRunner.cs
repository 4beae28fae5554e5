using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>Runs a tool from the repository root through <see cref="ChildProcess"/>; killed when the token cancels.</summary>
internal static class ProcessRunner
{
    public static Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
        => ChildProcess.RunAsync(fileName, arguments, cancellationToken, environment, workingDirectory ?? Repository.Root);

    public static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
