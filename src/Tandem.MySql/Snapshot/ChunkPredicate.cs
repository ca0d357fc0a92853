using System.Text;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// The WHERE condition of a chunk: key above its lower bound (exclusive) and at most its upper bound (inclusive),
/// either open. Composite keys are compared by expansion, (a &gt; x) OR (a = x AND b &gt; y), which the range optimizer
/// turns into index ranges (row-constructor comparisons are not reliably optimized on MariaDB), with a leading
/// a &gt;= x so the first column bounds the scan even where the optimizer does not merge the disjuncts.
/// </summary>
internal static class ChunkPredicate
{
    public static string Build(IReadOnlyList<string> keyColumns, IReadOnlyList<string>? lower, IReadOnlyList<string>? upper)
    {
        var parts = new List<string>(2);
        if (lower is not null)
            parts.Add(Compare(keyColumns, lower, ">", ">="));
        if (upper is not null)
            parts.Add(Compare(keyColumns, upper, "<", "<="));
        return parts.Count == 0 ? "TRUE" : string.Join(" AND ", parts);
    }

    /// <summary>Key beyond the bound in the direction of <paramref name="strict"/>: a lower bound excludes its own key, an upper bound includes it.</summary>
    private static string Compare(IReadOnlyList<string> keyColumns, IReadOnlyList<string> bound, string strict, string inclusiveFirst)
    {
        if (bound.Count != keyColumns.Count)
            throw new ArgumentException($"a bound of {bound.Count} values for a key of {keyColumns.Count} columns", nameof(bound));
        var names = keyColumns.Select(SqlLiteral.QuoteIdentifier).ToArray();
        var lastOperator = strict == ">" ? ">" : "<=";
        if (names.Length == 1)
            return $"{names[0]} {lastOperator} {bound[0]}";

        var text = new StringBuilder();
        text.Append('(').Append(names[0]).Append(' ').Append(inclusiveFirst).Append(' ').Append(bound[0]).Append(" AND (");
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
                text.Append(" OR ");
            text.Append('(');
            for (var j = 0; j < i; j++)
                text.Append(names[j]).Append(" = ").Append(bound[j]).Append(" AND ");
            var op = i == names.Length - 1 ? lastOperator : strict;
            text.Append(names[i]).Append(' ').Append(op).Append(' ').Append(bound[i]).Append(')');
        }

        return text.Append("))").ToString();
    }
}
