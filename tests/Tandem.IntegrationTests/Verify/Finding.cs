namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// One row a verification reports, in a form a test can write down beforehand: the table, the kind
/// (<c>only_in_source</c>, <c>only_in_target</c>, <c>differing</c>), the row (its key as <c>col=value</c> pairs, or
/// every value and the copies on each side for a keyless table) and the columns that differ.
/// </summary>
internal sealed record Finding(string Table, string Kind, string Row, string Columns = "")
{
    public const string OnlyInSource = "only_in_source";
    public const string OnlyInTarget = "only_in_target";
    public const string Differing = "differing";

    public static IEnumerable<Finding> Sorted(IEnumerable<Finding> findings) =>
        findings.OrderBy(static f => f.ToString(), StringComparer.Ordinal);

    public override string ToString() => $"{Table} {Kind} {Row} [{Columns}]";
}
