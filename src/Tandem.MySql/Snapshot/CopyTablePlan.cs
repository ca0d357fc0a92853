using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// One table to copy: its source schema, where it goes, the columns written (generated ones are computed by the
/// target), and the matching key its chunks follow (null: a keyless table copied whole, matched on all columns).
/// </summary>
internal sealed record CopyTablePlan(TableSchema Source, string TargetDatabase, string TargetTable, IndexSchema? Key)
{
    public IReadOnlyList<CopyColumn> Columns { get; } = [.. Source.Columns.Where(static c => !c.IsGenerated).Select(CopyColumn.From)];

    public IReadOnlyList<CopyColumn> KeyColumns { get; } =
        Key is null ? [] : [.. Key.Columns.Select(name => CopyColumn.From(Source.Columns[Source.IndexOf(name)]))];

    public string SourceName { get; } = $"{SqlLiteral.QuoteIdentifier(Source.Database)}.{SqlLiteral.QuoteIdentifier(Source.Name)}";

    public string TargetName { get; } = $"{SqlLiteral.QuoteIdentifier(TargetDatabase)}.{SqlLiteral.QuoteIdentifier(TargetTable)}";

    /// <summary>The index hint that makes chunk reads and boundary searches range scans of the key.</summary>
    public string IndexHint => Key is null ? string.Empty : $" FORCE INDEX ({SqlLiteral.QuoteIdentifier(Key.Name)})";

    public string ColumnList { get; } = string.Join(", ", Source.Columns.Where(static c => !c.IsGenerated).Select(static c => SqlLiteral.QuoteIdentifier(c.Name)));

    /// <summary>
    /// The select list of a chunk read. MariaDB's text protocol prints FLOAT with 6 significant digits (FLT_DIG), which
    /// loses bits; the float's exact value as a DOUBLE prints in full and converts back to the same float. INET4, INET6
    /// and UUID are read in their binary form (<see cref="CopyColumn"/>).
    /// </summary>
    public string SelectList(bool isMariaDb) => string.Join(", ", Source.Columns.Where(static c => !c.IsGenerated).Select((c, i) =>
        isMariaDb && c.DataType == "float" ? $"CAST({SqlLiteral.QuoteIdentifier(c.Name)} AS DOUBLE)" : Columns[i].ReadExpression));

    public override string ToString() => Source.QualifiedName;
}
