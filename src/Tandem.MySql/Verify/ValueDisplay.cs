using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Verify;

/// <summary>
/// Readable text of a value for reports: text as text, binary as 0x hex, INET4, INET6 and UUID (read in their binary
/// form) as the text the server prints, long values cut short.
/// </summary>
internal static class ValueDisplay
{
    private const int MaxChars = 200;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string FromRaw(ColumnSchema column, ReadOnlySpan<byte> raw)
    {
        if (FixedBinaryText.KindOf(column.DataType) is var kind and not FixedBinaryKind.None && raw.Length == FixedBinaryText.Length(kind))
            return FixedBinaryText.Format(kind, raw);
        if (column.IsBinary || column.CharacterSet is null or "binary")
        {
            return CanonicalSql.KindOf(column) is CanonicalSql.FieldKind.Short or CanonicalSql.FieldKind.Long
                ? Cut("0x" + Convert.ToHexString(raw[..Math.Min(raw.Length, MaxChars / 2)]), raw.Length > MaxChars / 2)
                : Encoding.ASCII.GetString(raw);
        }

        return Cut(Text(column.CharacterSet, raw), raw.Length > MaxChars * 4);
    }

    /// <summary>A canonical field (see <see cref="CanonicalSql"/>) as text: the value without its length prefix, null for NULL.</summary>
    public static string? FromCanonical(ColumnSchema column, ReadOnlySpan<byte> field)
    {
        var kind = CanonicalSql.KindOf(column);
        if (kind is CanonicalSql.FieldKind.Short or CanonicalSql.FieldKind.Long)
        {
            if (field.Length == 1 && field[0] == (byte)'N')
                return null;
            var colon = field.IndexOf((byte)':');
            var value = colon < 0 ? field : field[(colon + 1)..];
            if (kind == CanonicalSql.FieldKind.Long)
                return $"({Encoding.ASCII.GetString(field[..Math.Max(colon, 0)])} bytes, sha1 {Encoding.ASCII.GetString(value)})";
            return FromRaw(column, value);
        }

        return field.IsEmpty ? null : Encoding.ASCII.GetString(field);
    }

    private static string Text(string? charset, ReadOnlySpan<byte> raw)
    {
        try
        {
            return charset is "latin1" ? Encoding.Latin1.GetString(raw) : StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return "0x" + Convert.ToHexString(raw);
        }
    }

    private static string Cut(string text, bool cut) =>
        text.Length > MaxChars ? text[..MaxChars] + "…" : cut ? text + "…" : text;
}
