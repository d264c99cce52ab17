using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>
/// One reading of a process's memory and handles from <c>/proc/&lt;pid&gt;</c>: current and peak
/// resident set (VmRSS, VmHWM), the anonymous part of it (RssAnon: heaps, as opposed to mapped
/// files such as code), threads and open file descriptors.
/// </summary>
public sealed record ProcessStatus(long RssBytes, long PeakRssBytes, long AnonymousBytes, int Threads, int OpenFiles)
{
    /// <summary>Reads the status of <paramref name="pid"/>; throws when the process is gone.</summary>
    public static ProcessStatus Read(int pid)
    {
        long rss = 0, peak = 0, anonymous = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiB(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anonymous = KiB(line);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var files = Directory.Exists($"/proc/{pid}/fd") ? Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length : 0;
        return new ProcessStatus(rss, peak, anonymous, threads, files);
    }

    /// <summary>Bytes as MiB with one decimal, for tables.</summary>
    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    // "VmRSS:     12345 kB"
    private static long KiB(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
    }
}
