using Tandem.Core.Errors;

namespace Tandem.MySql.Snapshot;

/// <summary>Tables with neither a primary key nor a NOT NULL unique key, refused because the task did not opt into full-row matching.</summary>
public sealed class KeylessTablesException(IReadOnlyList<string> tables)
    : TandemException(
        $"{tables.Count} table(s) have neither a primary key nor a unique key over NOT NULL columns, so their rows cannot be matched on the target: {string.Join(", ", tables)}",
        "add a primary key to each, or set 'full_row_match: true' in the task to match their rows on all columns (slower, and repeated identical rows cannot be told apart)")
{
    public IReadOnlyList<string> Tables { get; } = tables;
}
