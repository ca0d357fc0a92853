using System.Globalization;
using System.Text;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// SQL literals of key values for chunk bounds, built from the bytes the source sent (character_set_results=binary),
/// for sessions whose client character set is utf8mb4. Strings are hex with their column's character-set introducer
/// (<c>_latin1 X'41'</c>), so they compare under the column's own collation and round-trip any bytes; ENUM and SET are
/// read as their index (<c>col+0</c>), the order their index keeps; INET4, INET6 and UUID as hex of their binary form,
/// which the server compares as the type's own value. A bound only has to be the same literal in the two
/// chunks it separates for the chunks to partition the key space exactly; its exactness only keeps chunks even.
/// </summary>
internal static class KeyLiteral
{
    public static string From(CopyColumn column, ReadOnlySpan<byte> raw)
    {
        if (column.IsEnumOrSet)
            return Encoding.ASCII.GetString(raw);
        return column.Kind switch
        {
            CellKind.Number => Encoding.ASCII.GetString(raw),
            CellKind.Bit => CellText.BitValue(raw).ToString(CultureInfo.InvariantCulture),
            CellKind.Temporal => string.Concat("'", Encoding.ASCII.GetString(raw), "'"),
            _ when column.CharacterSet is null or "binary" => string.Concat("X'", Convert.ToHexString(raw), "'"),
            _ => string.Concat("_", column.CharacterSet, " X'", Convert.ToHexString(raw), "'"),
        };
    }

    /// <summary>The select-list expression that reads a key column in the form <see cref="From"/> expects.</summary>
    public static string SelectExpression(CopyColumn column) =>
        column.IsEnumOrSet ? $"{Protocol.Values.SqlLiteral.QuoteIdentifier(column.Name)} + 0" : column.ReadExpression;
}
