using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// The .NET encoding of a MySQL character set by name (information_schema CHARACTER_SET_NAME). Character sets with no
/// exact .NET counterpart are refused rather than decoded wrongly.
/// See https://dev.mysql.com/doc/refman/8.4/en/charset-charsets.html for the names and their code pages.
/// </summary>
internal static class CharsetEncodings
{
    private static readonly Dictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The encoding, or null for the binary character set (values are bytes).</summary>
    public static Encoding? ForName(string characterSet)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(characterSet, out var cached))
                return cached;
            var encoding = Create(characterSet.ToLowerInvariant());
            Cache[characterSet] = encoding;
            return encoding;
        }
    }

    private static Encoding? Create(string name) => name switch
    {
        "binary" => null,
        "utf8" or "utf8mb3" or "utf8mb4" => MySqlCharacterSets.GetEncoding(45),
        "latin1" => MySqlCharacterSets.GetEncoding(8),
        "ascii" => MySqlCharacterSets.GetEncoding(11),
        "ucs2" or "utf16" => MySqlCharacterSets.GetEncoding(54),
        "utf16le" => MySqlCharacterSets.GetEncoding(56),
        "utf32" => MySqlCharacterSets.GetEncoding(60),
        _ => CodePage(name) is { } page ? CodePagesEncodingProvider.Instance.GetEncoding(page) ?? Unsupported(name) : Unsupported(name),
    };

    private static int? CodePage(string name) => name switch
    {
        "gbk" or "gb2312" => 936,
        "gb18030" => 54936,
        "big5" => 950,
        "sjis" or "cp932" => 932,
        "ujis" or "eucjpms" => 51932,
        "euckr" => 51949,
        "cp1250" => 1250,
        "cp1251" => 1251,
        "cp1256" => 1256,
        "cp1257" => 1257,
        "cp850" => 850,
        "cp852" => 852,
        "cp866" => 866,
        "koi8r" => 20866,
        "koi8u" => 21866,
        "latin2" => 28592,
        "latin5" => 28599,
        "latin7" => 28603,
        "greek" => 28597,
        "hebrew" => 28598,
        "tis620" => 874,
        "macroman" => 10000,
        "macce" => 10029,
        _ => null,
    };

    private static Encoding Unsupported(string name) =>
        throw new MySqlException(
            $"character set '{name}' has no exact decoder in Tandem",
            $"convert the affected columns to utf8mb4 (ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4), or report '{name}' so it can be added");
}
