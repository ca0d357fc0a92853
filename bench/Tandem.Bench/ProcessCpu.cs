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

    /// <summary>
    /// The whole machine's CPU time so far from the first line of /proc/stat, in seconds summed over all cores: busy
    /// (everything but idle and iowait) and total. Two samples give how busy the cores were in between.
    /// </summary>
    public static (double Busy, double Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user and nice).
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }
}
