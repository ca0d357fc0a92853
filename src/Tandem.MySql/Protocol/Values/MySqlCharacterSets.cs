using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// Maps a column's collation id to the .NET encoding of its character set.
/// Only the character sets whose bytes differ from UTF-8 are listed; everything else (utf8mb3, utf8mb4 and unknown ids) is UTF-8.
/// Ids from https://dev.mysql.com/doc/refman/8.4/en/information-schema-collations-table.html (SELECT ID, CHARACTER_SET_NAME FROM
/// information_schema.COLLATIONS), which agree with MariaDB below 256.
/// </summary>
internal static class MySqlCharacterSets
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // MySQL's latin1 is cp1252 (with the five undefined bytes mapped to the C1 controls, which .NET's code page 1252 also does).
    // The code-page provider ships with .NET and works under InvariantGlobalization; Latin1 (ISO-8859-1) is the fallback.
    private static readonly Encoding Latin1 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    // ucs2, utf16 and utf32 are big-endian on the server; utf16le is little-endian.
    private static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf16LittleEndian = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    public static Encoding GetEncoding(ushort collationId) => collationId switch
    {
        5 or 8 or 15 or 31 or 47 or 48 or 49 or 94 => Latin1,
        11 or 65 => Encoding.ASCII,
        35 or 90 or (>= 128 and <= 151) or 159 => Utf16BigEndian,
        54 or 55 or (>= 101 and <= 124) => Utf16BigEndian,
        56 or 62 => Utf16LittleEndian,
        60 or 61 or (>= 160 and <= 183) => Utf32BigEndian,
        _ => Utf8,
    };
}
