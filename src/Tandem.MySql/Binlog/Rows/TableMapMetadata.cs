using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// Reads the per-column metadata block of a TABLE_MAP event and resolves each column into a <see cref="BinlogColumn"/>.
/// Sizes and meanings per https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html
/// and https://mariadb.com/kb/en/table_map_event/.
/// </summary>
internal static class TableMapMetadata
{
    /// <summary>
    /// Reads one metadata entry per column type byte from the metadata block (the bytes after its length-encoded length).
    /// One-byte entries (FLOAT, DOUBLE, BLOB, GEOMETRY, JSON, VECTOR: pack length; TIME2, DATETIME2, TIMESTAMP2: fsp) are returned as is.
    /// VARCHAR and VAR_STRING carry a little-endian max byte length. STRING, NEWDECIMAL, BIT (and ENUM, SET) carry two bytes b0, b1
    /// that are returned as <c>b0 &lt;&lt; 8 | b1</c>: (real type, length), (precision, scale), (bits % 8, bytes). Every other type has none.
    /// </summary>
    /// <exception cref="MySqlProtocolException">The block is shorter or longer than the types need, or a type has no known metadata size.</exception>
    public static ushort[] Read(ReadOnlySpan<byte> columnTypes, ReadOnlySpan<byte> metadataBlock)
    {
        var result = new ushort[columnTypes.Length];
        var at = 0;
        for (var i = 0; i < columnTypes.Length; i++)
        {
            var type = (ColumnType)columnTypes[i];
            var size = MetadataSize(type, i);
            if (size > metadataBlock.Length - at)
            {
                throw new MySqlProtocolException(
                    $"malformed TABLE_MAP metadata: expected {size} bytes for column {i} ({type}) at offset {at}, but the block has {metadataBlock.Length} bytes");
            }

            result[i] = size switch
            {
                1 => metadataBlock[at],
                2 when type is ColumnType.VarChar or ColumnType.VarString => (ushort)(metadataBlock[at] | (metadataBlock[at + 1] << 8)),
                2 => (ushort)((metadataBlock[at] << 8) | metadataBlock[at + 1]),
                _ => 0,
            };
            at += size;
        }

        if (at != metadataBlock.Length)
        {
            throw new MySqlProtocolException(
                $"malformed TABLE_MAP metadata: the column types need {at} bytes of metadata but the block has {metadataBlock.Length}");
        }

        return result;
    }

    /// <summary>
    /// Resolves a TABLE_MAP column: STRING's real type (ENUM, SET or CHAR, with the long-CHAR quirk of
    /// <see href="https://bugs.mysql.com/bug.php?id=37426">bug 37426</see>), BIT's bit count, and checks the metadata is in range.
    /// </summary>
    /// <param name="wireType">The column type byte of TABLE_MAP.</param>
    /// <param name="metadata">The column's entry from <see cref="Read"/>.</param>
    /// <param name="unsigned">Integer signedness (SIGNEDNESS optional metadata or the schema).</param>
    /// <param name="encoding">The column's character set for string types; null for binary strings.</param>
    /// <param name="labels">ENUM or SET labels in declaration order; empty when unknown.</param>
    /// <exception cref="MySqlProtocolException">The type is not one rows events carry, or its metadata is out of range.</exception>
    public static BinlogColumn Resolve(byte wireType, ushort metadata, bool unsigned, Encoding? encoding, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var type = (ColumnType)wireType;
        switch (type)
        {
            case ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong:
                return new BinlogColumn(type, 0, unsigned, null, labels);
            case ColumnType.Year or ColumnType.Date or ColumnType.NewDate or ColumnType.Time or ColumnType.DateTime or ColumnType.Timestamp:
                return new BinlogColumn(type, 0, false, null, labels);
            case ColumnType.Float:
                return new BinlogColumn(type, Expect(type, metadata, 4), false, null, labels);
            case ColumnType.Double:
                return new BinlogColumn(type, Expect(type, metadata, 8), false, null, labels);
            case ColumnType.NewDecimal:
                return new BinlogColumn(type, CheckDecimal(metadata >> 8, metadata & 0xFF, "NEWDECIMAL column metadata"), unsigned, null, labels);
            case ColumnType.Time2 or ColumnType.DateTime2 or ColumnType.Timestamp2:
                return metadata <= 6
                    ? new BinlogColumn(type, metadata, false, null, labels)
                    : throw new MySqlProtocolException($"malformed TABLE_MAP metadata: {type} fsp {metadata} is outside 0..6");
            case ColumnType.VarChar or ColumnType.VarString:
                return new BinlogColumn(type, metadata, false, encoding, labels);
            case ColumnType.Bit:
                {
                    int bits = metadata >> 8, bytes = metadata & 0xFF;
                    var total = (bytes * 8) + bits;
                    return bits < 8 && total is >= 1 and <= 64
                        ? new BinlogColumn(type, total, false, null, labels)
                        : throw new MySqlProtocolException($"malformed TABLE_MAP metadata: BIT of {bytes} bytes and {bits} bits is not 1..64 bits");
                }

            case ColumnType.Blob or ColumnType.Json or ColumnType.Geometry or ColumnType.Vector:
                return metadata is >= 1 and <= 4
                    ? new BinlogColumn(type, metadata, false, type == ColumnType.Blob ? encoding : null, labels)
                    : throw new MySqlProtocolException($"malformed TABLE_MAP metadata: {type} pack length {metadata} is outside 1..4");
            case ColumnType.String or ColumnType.Enum or ColumnType.Set:
                return ResolveString(metadata, encoding, labels);
            default:
                throw new MySqlProtocolException($"unsupported column type {wireType} ({type}) in TABLE_MAP: rows events do not carry it or Tandem cannot decode it");
        }
    }

    /// <summary>Checks DECIMAL precision and scale (both from untrusted bytes) and packs them as <c>precision &lt;&lt; 8 | scale</c>.</summary>
    internal static int CheckDecimal(int precision, int scale, string what) =>
        precision is >= 1 and <= 65 && scale <= 30 && scale <= precision
            ? (precision << 8) | scale
            : throw new MySqlProtocolException($"malformed {what}: DECIMAL({precision},{scale}) needs precision 1..65 and scale 0..30, at most the precision");

    private static int MetadataSize(ColumnType type, int column) => type switch
    {
        ColumnType.Float or ColumnType.Double or ColumnType.Blob or ColumnType.Geometry or ColumnType.Json or ColumnType.Vector or
            ColumnType.Time2 or ColumnType.DateTime2 or ColumnType.Timestamp2 => 1,
        ColumnType.VarChar or ColumnType.VarString or ColumnType.NewDecimal or ColumnType.String or ColumnType.Bit or
            ColumnType.Enum or ColumnType.Set => 2,
        ColumnType.Decimal or ColumnType.Tiny or ColumnType.Short or ColumnType.Long or ColumnType.Null or ColumnType.Timestamp or
            ColumnType.LongLong or ColumnType.Int24 or ColumnType.Date or ColumnType.Time or ColumnType.DateTime or ColumnType.Year or
            ColumnType.NewDate => 0,
        _ => throw new MySqlProtocolException(
            $"malformed TABLE_MAP: column {column} has type {(byte)type} ({type}), which never appears in TABLE_MAP, so the size of its metadata is unknown"),
    };

    private static int Expect(ColumnType type, ushort metadata, int packLength) =>
        metadata == packLength
            ? packLength
            : throw new MySqlProtocolException($"malformed TABLE_MAP metadata: {type} pack length {metadata}, expected {packLength}");

    /// <summary>
    /// STRING's metadata (b0 &lt;&lt; 8 | b1) as its real type (CHAR, ENUM or SET) and byte length. A CHAR longer than 255
    /// bytes keeps bits 8 and 9 of its length, inverted, in bits 4 and 5 of the real type (bug 37426).
    /// </summary>
    internal static (int RealType, int Length) SplitString(ushort metadata)
    {
        int b0 = metadata >> 8, b1 = metadata & 0xFF;
        return (b0 & 0x30) != 0x30
            ? (b0 | 0x30, b1 | (((b0 & 0x30) ^ 0x30) << 4))
            : (b0, b1);
    }

    private static BinlogColumn ResolveString(ushort metadata, Encoding? encoding, IReadOnlyList<string> labels)
    {
        var (realType, length) = SplitString(metadata);
        return (ColumnType)realType switch
        {
            ColumnType.String => new BinlogColumn(ColumnType.String, length, false, encoding, labels),
            ColumnType.Enum when length is 1 or 2 => new BinlogColumn(ColumnType.Enum, length, false, encoding, labels),
            ColumnType.Set when length is >= 1 and <= 8 => new BinlogColumn(ColumnType.Set, length, false, encoding, labels),
            ColumnType.Enum or ColumnType.Set =>
                throw new MySqlProtocolException($"malformed TABLE_MAP metadata: {(ColumnType)realType} pack length {length} is out of range"),
            _ => throw new MySqlProtocolException($"malformed TABLE_MAP metadata: STRING column has real type {realType}, expected CHAR, ENUM or SET"),
        };
    }
}
