using System.Globalization;

namespace CanvasData2.Bench;

/// <summary>The process's peak resident set size, as the kernel counts it (VmHWM in /proc/self/status).</summary>
internal static class PeakRss
{
    public static long ReadBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmHWM line.");
    }
}
