using System.Globalization;

namespace Tandem.Sandbox.Processes;

/// <summary>
/// Identifies a process by pid plus kernel start time, so a recycled pid is never mistaken for the
/// owner that wrote a pid file (see proc(5), /proc/[pid]/stat field 22 "starttime").
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId) ?? new(Environment.ProcessId, 0);

    public static ProcessIdentity? Of(int pid)
    {
        var stat = ReadStat(pid);
        return stat is null ? null : new ProcessIdentity(pid, stat.Value.StartTime);
    }

    /// <summary>True while the process exists, is not a zombie and has the same start time.</summary>
    public bool IsAlive()
    {
        var stat = ReadStat(Pid);
        return stat is not null && stat.Value.State != 'Z' && (StartTime == 0 || stat.Value.StartTime == StartTime);
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie. Zombies count as dead
    /// because in containers PID 1 may never reap them.</summary>
    public static bool IsRunning(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    public override string ToString() => $"{Pid} {StartTime}";

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        long start = 0;
        if (parts.Length > 1 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out start))
            return null;
        return new ProcessIdentity(pid, start);
    }

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may contain spaces and parentheses, so fields are counted
        // from the last ')'. After it: field 3 is the state, field 22 the start time.
        var close = text.LastIndexOf(')');
        if (close < 0)
            return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            return null;
        return (fields[0][0], start);
    }
}
