using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.MySql.Schema;

namespace Tandem.Cli.Check;

/// <summary>
/// The judgement of column types, shared by `tandem check` and a task's preflight: columns whose type the copy or the
/// stream cannot carry exactly (<see cref="CarriedColumnTypes"/>), named with their table and type and what to do.
/// </summary>
internal static class UncarriedColumns
{
    public const string CheckName = "column types";

    /// <summary>The columns of <paramref name="columns"/> in tables <paramref name="tables"/> includes (all when null) that Tandem does not carry.</summary>
    public static List<SourceColumn> Find(IEnumerable<SourceColumn> columns, TableFilter? tables) =>
        [.. columns.Where(c => !CarriedColumnTypes.IsCarried(c.DataType) && (tables is null || tables.Includes(c.Database, c.Table)))];

    /// <summary>The check's row: a failure naming every such column (up to <paramref name="limit"/>), or a pass.</summary>
    public static CheckResult Judge(IReadOnlyList<SourceColumn> found, int limit) =>
        found.Count == 0
            ? CheckResult.Pass(CheckName, "every column has a type Tandem copies and streams exactly")
            : CheckResult.Fail(CheckName, Describe(found, limit), Hint(found));

    /// <summary>The preflight's refusal of a task whose tables hold such columns.</summary>
    public static TandemException Refusal(IReadOnlyList<SourceColumn> found, string server) =>
        new($"the task's tables on {server}: {Describe(found, int.MaxValue)}", Hint(found));

    private static string Describe(IReadOnlyList<SourceColumn> found, int limit)
    {
        var shown = string.Join(", ", found.Take(limit));
        var more = found.Count > limit ? $", and {found.Count - limit} more" : string.Empty;
        return $"{found.Count} column(s) have a type Tandem cannot copy or stream exactly: {shown}{more}";
    }

    /// <summary>What to do, for each distinct type, with the first table holding it.</summary>
    private static string Hint(IReadOnlyList<SourceColumn> found) =>
        string.Join("; ", found.GroupBy(static c => c.DataType.ToLowerInvariant()).Select(static g =>
            $"{g.Key} (in {g.First().Database}.{g.First().Table}): {CarriedColumnTypes.HintFor(g.Key)}"));
}
