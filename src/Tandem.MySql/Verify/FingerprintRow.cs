using System.Globalization;
using System.Text;
using Tandem.Core.Verify;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Verify;

/// <summary>Reads COUNT(*), SUM(h), BIT_XOR(h) from consecutive columns of a row read as raw text.</summary>
internal static class FingerprintRow
{
    public static ChunkFingerprint Read(MySqlDataReader reader, int first)
    {
        var count = long.Parse(Ascii(reader, first) ?? "0", CultureInfo.InvariantCulture);
        var sum = Ascii(reader, first + 1) ?? "0";
        var xor = ulong.Parse(Ascii(reader, first + 2) ?? "0", CultureInfo.InvariantCulture);
        return count == 0 ? ChunkFingerprint.Empty : new ChunkFingerprint(count, sum, xor);
    }

    public static string? Ascii(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Encoding.ASCII.GetString(reader.GetRawBytes(ordinal));

    public static ulong UInt64(MySqlDataReader reader, int ordinal) =>
        ulong.Parse(Ascii(reader, ordinal) ?? "0", CultureInfo.InvariantCulture);
}
