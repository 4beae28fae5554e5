using System.Globalization;
using System.Runtime.InteropServices;

namespace CanvasData2.Bench;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineFacts(string Cpu, int Cores, double RamGiB, string Os, string DotNet, string Postgres, DateTimeOffset Date)
{
    public static MachineFacts Collect(string postgresVersion) => new(
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        double.Parse(ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture) / 1048576,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        postgresVersion,
        DateTimeOffset.UtcNow);

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
