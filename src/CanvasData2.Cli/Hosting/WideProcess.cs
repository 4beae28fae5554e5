using System.Collections;
using System.Runtime.InteropServices;
using CanvasData2.Local;

namespace CanvasData2.Cli.Hosting;

/// <summary>
/// Commands that run the in-process durable host need more work-item slots than a small machine's processor
/// count gives them (see <see cref="LocalRefreshHost.RecommendedProcessorCount"/>), and the runtime reads
/// <c>DOTNET_PROCESSOR_COUNT</c> only at start-up. So cd2 re-executes itself in place (execve: same process id,
/// same standard streams, signals and exit code reach the caller unchanged) with that variable set.
/// A variable set by the user is left alone.
/// </summary>
internal static class WideProcess
{
    private const string Variable = "DOTNET_PROCESSOR_COUNT";

    public static bool IsNeeded =>
        OperatingSystem.IsLinux()
        && Environment.GetEnvironmentVariable(Variable) is null
        && Environment.ProcessorCount < LocalRefreshHost.RecommendedProcessorCount;

    /// <summary>Replaces this process with the same command line and a wider processor count; returns only if that fails.</summary>
    public static void Reexecute()
    {
        // /proc/self/cmdline holds the exact argv of this process (apphost or `dotnet cd2.dll`), NUL-terminated.
        var argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => $"{entry.Key}={entry.Value}")
            .Append($"{Variable}={LocalRefreshHost.RecommendedProcessorCount}");
        _ = NativeMethods.Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);
    }

    // LPStr is UTF-8 on Unix (string[] accepts no LPUTF8Str elements).
    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
        public static extern int Execve(
            [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
            [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
            [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] environment);
    }
}
