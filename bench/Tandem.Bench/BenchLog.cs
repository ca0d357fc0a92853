namespace Tandem.Bench;

/// <summary>What every benchmark prints as it goes: time-stamped progress lines and the machine's load.</summary>
internal static class BenchLog
{
    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>The 1-minute load average, for the report's note on how busy the machine was.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
