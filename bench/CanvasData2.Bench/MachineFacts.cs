using System.Globalization;
using System.Runtime.InteropServices;

namespace CanvasData2.Bench;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineFacts(string Cpu, int Cores, double RamGiB, string Os, string DotNet, string Postgres, DateTimeOffset Date)
{
    public static MachineFacts Collect(string postgresVersion) => new(
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        AvailableCores(),
        double.Parse(ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture) / 1048576,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        postgresVersion,
        DateTimeOffset.UtcNow);

    /// <summary>The cores this process may run on (its affinity), which a DOTNET_PROCESSOR_COUNT would not change.</summary>
    private static int AvailableCores()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return Environment.ProcessorCount;
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return System.Numerics.BitOperations.PopCount((ulong)self.ProcessorAffinity);
    }

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file)
            .Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
