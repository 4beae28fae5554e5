using CanvasData2.Testing;

namespace CanvasData2.Infra.Tests.Support;

/// <summary>Runs tools from the repository root (templates and scripts are named relative to it).</summary>
internal static class ProcessRunner
{
    public static Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
        => ChildProcess.RunAsync(fileName, arguments, cancellationToken, environment, Repository.Root);

    public static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
