using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Verify;

/// <summary>
/// A column both sides have: its canonical field, and how its raw value is read back into a SQL literal (for keys and
/// fix statements) and into text for the report.
/// </summary>
internal sealed record VerifyColumn(ColumnSchema Source, bool ConvertText)
{
    /// <summary>Set when the row's character columns share one character set (see <see cref="CanonicalSql.Field"/>).</summary>
    public bool BareText { get; init; }

    private readonly CopyColumn _literal = CopyColumn.From(Source);

    public string Name => Source.Name;

    public string Quoted => SqlLiteral.QuoteIdentifier(Source.Name);

    public string Field => CanonicalSql.Field(Source, ConvertText, BareText);

    /// <summary>What to select so <see cref="Literal"/> can rebuild the exact value: FLOAT widened to its exact double.</summary>
    public string RawSelect => CanonicalSql.KindOf(Source) == CanonicalSql.FieldKind.Float
        ? $"({Quoted} + 0E0)"
        : KeyLiteral.SelectExpression(_literal);

    public string Literal(ReadOnlySpan<byte> raw, bool isNull) => isNull ? "NULL" : KeyLiteral.From(_literal, raw);

    /// <summary>The value as a report shows it, from the raw bytes.</summary>
    public string? Display(ReadOnlySpan<byte> raw, bool isNull) =>
        isNull ? null : ValueDisplay.FromRaw(Source, raw);
}
