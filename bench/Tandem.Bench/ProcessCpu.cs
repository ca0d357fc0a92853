using System.Globalization;

namespace Tandem.Bench;

/// <summary>
/// The CPU time a running process has used so far (user + system, all threads), from /proc/PID/stat. Sampled around a
/// contender's run on each server, its difference is the server work the contender caused: a figure the other
/// processes on a shared machine move much less than wall time.
/// </summary>
internal static class ProcessCpu
{
    // proc(5): utime and stime are fields 14 and 15, in clock ticks; sysconf(_SC_CLK_TCK) is 100 on Linux.
    private const double TicksPerSecond = 100;

    public static double Seconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Field 2 (comm) is in parentheses and may hold spaces; the fields after it start at field 3 (state).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }
}
