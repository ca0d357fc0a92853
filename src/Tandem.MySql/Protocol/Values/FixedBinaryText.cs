using System.Globalization;
using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// The text MariaDB prints for an INET4, INET6 or UUID value, from the value's binary form: the bytes
/// <c>CAST(col AS BINARY)</c> returns and the binlog carries. Exact both ways: the server reads the text back into the
/// same bytes, and it is the text a SELECT returns, so values decoded from the binlog equal those read by a query.
/// </summary>
/// <remarks>
/// The binlog logs these columns as BINARY(4) or BINARY(16) (TABLE_MAP type STRING), stripping trailing zero bytes as it
/// does for BINARY; UUID is logged in its text order, not the index-friendly order InnoDB keeps it in
/// (https://mariadb.com/kb/en/uuid-data-type/#storage). INET6 text follows MariaDB's own rule
/// (https://mariadb.com/kb/en/inet6/): lower-case groups without leading zeros, the first longest run of zero groups
/// (even a single one) written as "::", and the last 32 bits as dotted IPv4 for IPv4-compatible (::a.b.c.d) and
/// IPv4-mapped (::ffff:a.b.c.d) addresses.
/// </remarks>
internal static class FixedBinaryText
{
    /// <summary>The kind of a column by its information_schema DATA_TYPE; <see cref="FixedBinaryKind.None"/> for every other type.</summary>
    public static FixedBinaryKind KindOf(string dataType) => dataType.ToLowerInvariant() switch
    {
        "inet4" => FixedBinaryKind.Inet4,
        "inet6" => FixedBinaryKind.Inet6,
        "uuid" => FixedBinaryKind.Uuid,
        _ => FixedBinaryKind.None,
    };

    /// <summary>The length of the binary form.</summary>
    public static int Length(FixedBinaryKind kind) => kind switch
    {
        FixedBinaryKind.Inet4 => 4,
        FixedBinaryKind.Inet6 or FixedBinaryKind.Uuid => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a fixed-length binary type"),
    };

    /// <summary>The text of a value; <paramref name="binary"/> may lack trailing zero bytes (as the binlog logs it).</summary>
    /// <exception cref="MySqlProtocolException">The value is longer than the type's binary form.</exception>
    public static string Format(FixedBinaryKind kind, ReadOnlySpan<byte> binary)
    {
        var length = Length(kind);
        if (binary.Length > length)
            throw new MySqlProtocolException($"malformed {kind.ToString().ToUpperInvariant()} value: {binary.Length} bytes, the type holds {length}");
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        binary.CopyTo(bytes);
        bytes = bytes[..length];
        return kind switch
        {
            FixedBinaryKind.Inet4 => Inet4(bytes),
            FixedBinaryKind.Inet6 => Inet6(bytes),
            _ => Uuid(bytes),
        };
    }

    private static string Inet4(ReadOnlySpan<byte> bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes[0]}.{bytes[1]}.{bytes[2]}.{bytes[3]}");

    private static string Uuid(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static string Inet6(ReadOnlySpan<byte> bytes)
    {
        Span<int> words = stackalloc int[8];
        for (var i = 0; i < 8; i++)
            words[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];

        // The first longest run of zero words; a later run of the same length does not replace it.
        int gapAt = -1, gapLength = 0;
        for (var i = 0; i < 8;)
        {
            if (words[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && words[i] == 0)
                i++;
            if (i - start > gapLength)
                (gapAt, gapLength) = (start, i - start);
        }

        var text = new StringBuilder(45);
        for (var i = 0; i < 8; i++)
        {
            if (i == gapAt)
            {
                text.Append(i == 0 ? "::" : ":");
                i += gapLength - 1;
            }
            else if (i == 6 && gapAt == 0 && (gapLength == 6 || (gapLength == 5 && words[5] == 0xFFFF)))
            {
                return text.Append(Inet4(bytes[12..])).ToString();
            }
            else
            {
                text.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
                if (i < 7)
                    text.Append(':');
            }
        }

        return text.ToString();
    }
}
