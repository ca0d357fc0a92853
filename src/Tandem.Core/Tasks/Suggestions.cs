namespace Tandem.Core.Tasks;

/// <summary>"Did you mean" for misspelt keys and values: the closest known word by edit distance, when it is close enough.</summary>
internal static class Suggestions
{
    public static string? Closest(string word, IEnumerable<string> known)
    {
        var normalized = Normalize(word);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            // writer-threads, writerThreads and WRITER_THREADS all mean writer_threads.
            var distance = Normalize(candidate) == normalized ? 0 : Distance(word.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // One edit in four characters, at least one and at most three: "thread" finds "threads", "foo" finds nothing.
        var allowed = Math.Clamp(word.Length / 4, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    private static string Normalize(string word) => word.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment): "wirter" is one edit from "writer".</summary>
    private static int Distance(string a, string b)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
