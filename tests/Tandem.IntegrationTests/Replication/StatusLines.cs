using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.IntegrationTests.Replication;

/// <summary>Reads figures off the plain status lines `tandem run` prints (their form is docs/task-file.md's).</summary>
internal static partial class StatusLines
{
    /// <summary>The applied_txns of the task's last streaming line; 0 before the first.</summary>
    public static long AppliedTransactions(string output, string task)
    {
        var matches = AppliedPattern().Matches(output);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            if (matches[i].Groups["task"].Value == task)
                return long.Parse(matches[i].Groups["txns"].Value, CultureInfo.InvariantCulture);
        }

        return 0;
    }

    /// <summary>True once a streaming line of the task said it waits for its target, with how long and the error.</summary>
    public static bool SaidWaitingForTarget(string output, string task) =>
        output.Split('\n').Any(line => line.Contains($" {task} streaming ", StringComparison.Ordinal) && WaitingPattern().IsMatch(line));

    [GeneratedRegex(@" (?<task>\S+) streaming .* applied_txns=(?<txns>\d+)")]
    private static partial Regex AppliedPattern();

    [GeneratedRegex(@" applied_txns=\d+ (?:\S+=\S+ )*waiting for target \d+s: \S")]
    private static partial Regex WaitingPattern();
}
