using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// One ColumnDefinition41 packet of a result set or prepared statement.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html.
/// </summary>
public sealed class ColumnDefinition
{
    /// <summary>Character set id of binary strings (the "binary" charset): values are bytes, not text.</summary>
    public const ushort BinaryCharacterSet = 63;

    public required string Schema { get; init; }

    public required string Table { get; init; }

    public required string OriginalTable { get; init; }

    public required string Name { get; init; }

    public required string OriginalName { get; init; }

    public required ushort CharacterSet { get; init; }

    public required uint ColumnLength { get; init; }

    public required ColumnType Type { get; init; }

    public required ColumnFlags Flags { get; init; }

    public required byte Decimals { get; init; }

    /// <summary>MariaDB's extended type info (e.g. "json", "uuid", "inet6" when the server sends it); null otherwise.</summary>
    public string? ExtendedTypeName { get; init; }

    public bool IsUnsigned => (Flags & ColumnFlags.Unsigned) != 0;

    public bool IsBinary => CharacterSet == BinaryCharacterSet;

    public static ColumnDefinition Create(ReadOnlySpan<byte> payload, bool mariaDbExtendedTypes = false)
    {
        var reader = new PayloadReader(payload, "column definition");
        reader.ReadLengthEncodedBytes(); // catalog, always "def"
        var schema = reader.ReadLengthEncodedString();
        var table = reader.ReadLengthEncodedString();
        var originalTable = reader.ReadLengthEncodedString();
        var name = reader.ReadLengthEncodedString();
        var originalName = reader.ReadLengthEncodedString();
        string? extended = null;
        if (mariaDbExtendedTypes)
        {
            // MARIADB_CLIENT_EXTENDED_METADATA: a length-encoded block of (type byte, length-encoded string) pairs.
            // See https://mariadb.com/kb/en/result-set-packets/#column-definition-packet.
            var block = reader.ReadLengthEncodedBytes();
            var ext = new PayloadReader(block, "extended column metadata");
            while (!ext.AtEnd)
            {
                var kind = ext.ReadByte();
                var value = Encoding.UTF8.GetString(ext.ReadLengthEncodedBytes());
                if (kind == 0)
                {
                    extended = value;
                }
                else if (kind == 1 && extended is null)
                {
                    extended = value;
                }
            }
        }

        var fixedLength = reader.ReadLengthEncodedInteger(); // always 0x0C
        if (fixedLength < 10)
        {
            throw reader.Malformed($"fixed-length fields of at least 10 bytes, found {fixedLength}", reader.Offset);
        }

        var charset = reader.ReadUInt16();
        var length = reader.ReadUInt32();
        var type = (ColumnType)reader.ReadByte();
        var flags = (ColumnFlags)reader.ReadUInt16();
        var decimals = reader.ReadByte();
        return new ColumnDefinition
        {
            Schema = schema,
            Table = table,
            OriginalTable = originalTable,
            Name = name,
            OriginalName = originalName,
            CharacterSet = charset,
            ColumnLength = length,
            Type = type,
            Flags = flags,
            Decimals = decimals,
            ExtendedTypeName = extended,
        };
    }

    public override string ToString() => $"{Name} {Type}{(IsUnsigned ? " unsigned" : string.Empty)}";
}
