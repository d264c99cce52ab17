using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>
/// The CPU time a process has used so far, user plus system, from <c>/proc/&lt;pid&gt;/stat</c>
/// (fields 14 and 15, in clock ticks). Children are not included.
/// </summary>
public static class ProcessCpu
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux x86-64 kernel configuration in use.
    private const double TicksPerSecond = 100;

    /// <summary>Reads the CPU time <paramref name="pid"/> has used; throws when the process is gone.</summary>
    public static TimeSpan Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may hold spaces; count from after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }
}
