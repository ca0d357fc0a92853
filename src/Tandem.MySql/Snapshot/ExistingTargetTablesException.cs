using Tandem.Core.Errors;

namespace Tandem.MySql.Snapshot;

/// <summary>Target tables that already hold rows when the task's copy first starts, with <c>existing_tables: fail</c>.</summary>
public sealed class ExistingTargetTablesException(IReadOnlyList<string> tables)
    : TandemException(
        $"{tables.Count} target table(s) already hold rows: {string.Join(", ", tables)}",
        "empty them first, or set 'existing_tables: truncate' (empty them before the copy) or 'existing_tables: append' (keep their rows, replacing those with the same key) in the task")
{
    public IReadOnlyList<string> Tables { get; } = tables;
}
