using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Writes a text-protocol cell's bytes, unchanged, as SQL or as a LOAD DATA field. The source reads with
/// character_set_results=binary and the writers run under SET NAMES binary, so strings travel as the bytes the column
/// stores, with no character-set conversion on either side (exact for every character set, invalid bytes included).
/// Only NUL, quote and backslash are escaped in SQL, and NUL, tab, newline and backslash in LOAD DATA
/// (https://mariadb.com/kb/en/string-literals/, https://mariadb.com/kb/en/load-data-infile/): under a single-byte
/// client character set no multi-byte character can hide them.
/// </summary>
internal static class CellText
{
    private static readonly SearchValues<byte> SqlSpecial = SearchValues.Create([0, (byte)'\'', (byte)'\\']);
    private static readonly SearchValues<byte> LoadSpecial = SearchValues.Create([0, (byte)'\t', (byte)'\n', (byte)'\\']);

    public static void AppendSql(StatementBuffer buffer, CellKind kind, ReadOnlySpan<byte> raw)
    {
        switch (kind)
        {
            case CellKind.Number:
                buffer.Append(raw);
                break;
            case CellKind.Bit:
                AppendBitNumber(buffer, raw);
                break;
            case CellKind.Json:
                buffer.Append("_utf8mb4'"u8);
                AppendEscaped(buffer, raw, SqlSpecial, sql: true);
                buffer.Append((byte)'\'');
                break;
            default:
                buffer.Append((byte)'\'');
                AppendEscaped(buffer, raw, SqlSpecial, sql: true);
                buffer.Append((byte)'\'');
                break;
        }
    }

    public static void AppendSqlNull(StatementBuffer buffer) => buffer.Append("NULL"u8);

    /// <summary>A LOAD DATA field: the stored bytes escaped (BIT included: a BIT field takes its bytes as they are).</summary>
    public static void AppendLoadField(StatementBuffer buffer, ReadOnlySpan<byte> raw) => AppendEscaped(buffer, raw, LoadSpecial, sql: false);

    public static void AppendLoadNull(StatementBuffer buffer) => buffer.Append("\\N"u8);

    /// <summary>BIT's big-endian bytes (at most 8) as an unsigned integer.</summary>
    public static void AppendBitNumber(StatementBuffer buffer, ReadOnlySpan<byte> raw)
    {
        ulong value = 0;
        foreach (var b in raw)
            value = (value << 8) | b;
        var span = buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        buffer.Advance(written);
    }

    public static ulong BitValue(ReadOnlySpan<byte> raw)
    {
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        raw.CopyTo(padded[(8 - raw.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    private static void AppendEscaped(StatementBuffer buffer, ReadOnlySpan<byte> raw, SearchValues<byte> special, bool sql)
    {
        while (true)
        {
            var at = raw.IndexOfAny(special);
            if (at < 0)
            {
                buffer.Append(raw);
                return;
            }

            buffer.Append(raw[..at]);
            var span = buffer.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = raw[at] switch
            {
                0 => (byte)'0',
                (byte)'\t' when !sql => (byte)'t',
                (byte)'\n' when !sql => (byte)'n',
                var b => b,
            };
            buffer.Advance(2);
            raw = raw[(at + 1)..];
        }
    }
}
