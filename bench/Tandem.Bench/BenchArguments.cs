using System.Globalization;

namespace Tandem.Bench;

/// <summary>The "--name value" pairs every bench subcommand takes; each option class says what the names mean.</summary>
internal static class BenchArguments
{
    /// <summary>Folds the pairs into <paramref name="options"/>; <paramref name="apply"/> throws ArgumentException on an unknown name.</summary>
    public static T Parse<T>(ReadOnlySpan<string> args, T options, Func<T, string, string, T> apply)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value");
            options = apply(options, name, args[++i]);
        }

        return options;
    }

    public static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} wants a positive integer, not '{value}'");

    /// <summary>
    /// The phases an --only value names, each one of <paramref name="allPhases"/>; with <paramref name="requireOne"/>, a
    /// value naming none is an error (otherwise the caller decides what an empty set means).
    /// </summary>
    public static HashSet<string> OnlyPhases(string value, IReadOnlyList<string> allPhases, bool requireOne)
    {
        var phases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phase in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!allPhases.Contains(phase))
                throw new ArgumentException($"--only wants phases from {string.Join(", ", allPhases)}, not '{phase}'");
            phases.Add(phase);
        }

        return phases.Count > 0 || !requireOne ? phases : throw new ArgumentException("--only names no phase");
    }
}
