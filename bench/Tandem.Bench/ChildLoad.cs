using System.Globalization;

namespace Tandem.Bench;

/// <summary>
/// Tandem's point-select load in a child process with extra runtime settings (environment variables
/// the runtime reads only at start), so a setting's effect is measured in the same run as the default.
/// </summary>
internal static class ChildLoad
{
    public const string Subcommand = "point-select-child";

    /// <summary>Socket continuations run on the epoll thread instead of hopping to the thread pool.</summary>
    public static readonly IReadOnlyDictionary<string, string> InlineCompletions =
        new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" };

    public static async Task<double> RunAsync(
        IReadOnlyDictionary<string, string> environment, string uri, int threads, int tableSize, int seconds, bool prepared, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path to start the child load with");
        string[] arguments =
        [
            Subcommand, uri, threads.ToString(CultureInfo.InvariantCulture), tableSize.ToString(CultureInfo.InvariantCulture),
            seconds.ToString(CultureInfo.InvariantCulture), prepared ? "prepared" : "text",
        ];
        var outcome = await ProcessRunner.RunCheckedAsync(self, arguments, ct, environment);
        return double.Parse(outcome.StandardOutput.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>The child's side: a warm-up, then one measured load; prints its queries per second.</summary>
    public static async Task<int> MainAsync(string[] args, CancellationToken ct)
    {
        var uri = args[0];
        var threads = int.Parse(args[1], CultureInfo.InvariantCulture);
        var tableSize = int.Parse(args[2], CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture));
        var prepared = args[4] == "prepared";
        await PointSelectLoad.RunAsync(uri, threads, tableSize, TimeSpan.FromSeconds(3), prepared, ct);
        var qps = await PointSelectLoad.RunAsync(uri, threads, tableSize, duration, prepared, ct);
        Console.WriteLine(qps.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }
}
