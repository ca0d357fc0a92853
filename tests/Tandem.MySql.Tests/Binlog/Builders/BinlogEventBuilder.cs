using System.Text;
using Tandem.MySql.Binlog.Checksums;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.RowsBodyBuilder;
using static Tandem.MySql.Tests.Binlog.Builders.SerializationWriter;

namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>
/// Builds complete binlog events as a MySQL 8.4 server writes them (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html): the 19-byte v4 header (timestamp,
/// type, server id, event size, log_pos of the next event, flags), the body, and a CRC32 trailer over both when
/// checksums are on. The builder keeps the file position, so events built one after another carry the log_pos a file
/// would give them; <see cref="Artificial"/> events carry log_pos 0 and do not move it.
/// </summary>
internal sealed class BinlogEventBuilder
{
    public const string ServerVersion = "8.4.3-log";

    /// <summary>
    /// Post-header lengths of MySQL 8.4 for event types 1 to 42 (Format_description_event's server_event_header_length
    /// in libs/mysql/binlog/event/control_events.cpp): QUERY 13, ROTATE 8, FORMAT_DESCRIPTION 99, TABLE_MAP 8, rows v1
    /// 0 (removed in 8.4), INCIDENT 2, rows v2 10, GTID 42, TRANSACTION_CONTEXT 18, VIEW_CHANGE 52, PARTIAL_UPDATE_ROWS
    /// 10, TRANSACTION_PAYLOAD 40, GTID_TAGGED_LOG 0.
    /// </summary>
    public static readonly byte[] PostHeaderLengths84 =
    [
        0, 13, 0, 8, 0, 0, 0, 0, 4, 0, 4, 0, 0, 0, 99, 0, 4, 26, 8, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 10, 10, 10, 42, 42, 0, 18,
        52, 0, 10, 40, 0, 0,
    ];

    public BinlogEventBuilder(bool checksums = true, long position = 4, uint serverId = 1)
    {
        Checksums = checksums;
        Position = position;
        ServerId = serverId;
    }

    /// <summary>Whether events end with a CRC32 (binlog_checksum=CRC32).</summary>
    public bool Checksums { get; set; }

    /// <summary>Where the next event starts in the file.</summary>
    public long Position { get; set; }

    public uint ServerId { get; set; }

    public uint Timestamp { get; set; } = 1_700_000_000;

    /// <summary>The next event of the file: log_pos is where it ends.</summary>
    public byte[] Next(BinlogEventType type, byte[] body, BinlogEventFlags flags = BinlogEventFlags.None)
    {
        var size = BinlogEventHeaderSize + body.Length + (Checksums ? 4 : 0);
        var bytes = Event(type, body, (uint)(Position + size), flags, Checksums, Timestamp, ServerId);
        Position += size;
        return bytes;
    }

    /// <summary>An event generated for the stream: log_pos 0 and the artificial flag; the file position does not move.</summary>
    public byte[] Artificial(BinlogEventType type, byte[] body, BinlogEventFlags flags = BinlogEventFlags.Artificial) =>
        Event(type, body, 0, flags, Checksums, 0, ServerId);

    /// <summary>An event inside a TRANSACTION_PAYLOAD: log_pos 0 and never a checksum
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html).</summary>
    public byte[] Inner(BinlogEventType type, byte[] body) => Event(type, body, 0, BinlogEventFlags.None, false, Timestamp, ServerId);

    public static byte[] Event(BinlogEventType type, byte[] body, uint logPos, BinlogEventFlags flags, bool checksum, uint timestamp = 1_700_000_000, uint serverId = 1)
    {
        var size = BinlogEventHeaderSize + body.Length + (checksum ? 4 : 0);
        byte[] bytes =
        [
            .. LittleEndian(timestamp, 4), (byte)type, .. LittleEndian(serverId, 4), .. LittleEndian((ulong)size, 4),
            .. LittleEndian(logPos, 4), .. LittleEndian((ulong)flags, 2), .. body,
        ];
        return checksum ? [.. bytes, .. LittleEndian(System.IO.Hashing.Crc32.HashToUInt32(bytes), 4)] : bytes;
    }

    // ---- Events that carry their own framing rules -------------------------------------------------------------

    /// <summary>
    /// FORMAT_DESCRIPTION: binlog version 4, the server version (50 bytes NUL padded), create time, header length 19,
    /// the post-header table, the checksum algorithm, and a CRC32 whatever the algorithm
    /// (https://mariadb.com/kb/en/format_description_event/).
    /// </summary>
    public byte[] FormatDescription(string serverVersion = ServerVersion, byte[]? postHeaderLengths = null, bool artificial = false)
    {
        var version = new byte[50];
        Encoding.ASCII.GetBytes(serverVersion).CopyTo(version, 0);
        byte[] body =
        [
            .. LittleEndian(4, 2), .. version, .. LittleEndian(Timestamp, 4), 19, .. postHeaderLengths ?? PostHeaderLengths84,
            (byte)(Checksums ? BinlogChecksum.Crc32 : BinlogChecksum.None),
        ];
        var size = BinlogEventHeaderSize + body.Length + 4;
        var logPos = artificial ? 0u : (uint)(Position + size);
        var bytes = Event(BinlogEventType.FormatDescription, body, logPos, BinlogEventFlags.None, checksum: true, Timestamp, ServerId);
        if (!artificial)
        {
            Position += size;
        }

        return bytes;
    }

    /// <summary>ROTATE: the position in the next file (8) and its name. The stream's first one is artificial with log_pos 0.</summary>
    public byte[] Rotate(string nextFile, long nextPosition = 4, bool artificial = false)
    {
        byte[] body = [.. LittleEndian((ulong)nextPosition, 8), .. Encoding.UTF8.GetBytes(nextFile)];
        return artificial ? Artificial(BinlogEventType.Rotate, body) : Next(BinlogEventType.Rotate, body);
    }

    // ---- Bodies ---------------------------------------------------------------------------------------------------

    /// <summary>QUERY: thread id, exec time, db length, error code, status length; status vars, db + NUL, statement
    /// (https://mariadb.com/kb/en/query_event/).</summary>
    public static byte[] QueryBody(string database, string sql, byte[]? status = null, uint threadId = 7, ushort errorCode = 0)
    {
        status ??= DefaultStatus();
        var db = Encoding.UTF8.GetBytes(database);
        return
        [
            .. LittleEndian(threadId, 4), .. LittleEndian(0, 4), (byte)db.Length, .. LittleEndian(errorCode, 2),
            .. LittleEndian((ulong)status.Length, 2), .. status, .. db, 0, .. Encoding.UTF8.GetBytes(sql),
        ];
    }

    /// <summary>The status variables a MySQL 8.4 session logs for a plain statement.</summary>
    public static byte[] DefaultStatus() =>
        [.. StatusFlags2(0), .. StatusSqlMode(0x4000_0000), .. StatusCharset(255, 255, 255), .. StatusDefaultCollationForUtf8Mb4(255)];

    public static byte[] StatusFlags2(uint flags) => [0, .. LittleEndian(flags, 4)];

    public static byte[] StatusSqlMode(ulong mode) => [1, .. LittleEndian(mode, 8)];

    public static byte[] StatusCharset(ushort client, ushort connection, ushort server) =>
        [4, .. LittleEndian(client, 2), .. LittleEndian(connection, 2), .. LittleEndian(server, 2)];

    public static byte[] StatusUpdatedDbNames(params string[] names) =>
        [12, (byte)names.Length, .. names.SelectMany(n => (byte[])[.. Encoding.UTF8.GetBytes(n), 0])];

    public static byte[] StatusDdlLoggedWithXid(ulong xid) => [17, .. LittleEndian(xid, 8)];

    public static byte[] StatusDefaultCollationForUtf8Mb4(ushort collation) => [18, .. LittleEndian(collation, 2)];

    public static byte[] XidBody(ulong xid) => LittleEndian(xid, 8);

    /// <summary>
    /// TABLE_MAP: table id (6), flags (2), db and table (length, name, NUL), column count, types, metadata block,
    /// NULL-ability bitmap, optional metadata fields
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html).
    /// </summary>
    public static byte[] TableMapBody(ulong tableId, string database, string table, byte[] types, byte[] metadata, bool[] nullable, params byte[][] optional)
    {
        var db = Encoding.UTF8.GetBytes(database);
        var name = Encoding.UTF8.GetBytes(table);
        return
        [
            .. LittleEndian(tableId, 6), .. LittleEndian(1, 2), (byte)db.Length, .. db, 0, (byte)name.Length, .. name, 0,
            .. LengthEncoded((ulong)types.Length), .. types, .. LengthEncoded((ulong)metadata.Length), .. metadata,
            .. Bitmap(nullable), .. optional.SelectMany(o => o),
        ];
    }

    /// <summary>One optional metadata field: type, length-encoded length, value.</summary>
    public static byte[] Optional(byte type, byte[] value) => [type, .. LengthEncoded((ulong)value.Length), .. value];

    /// <summary>SIGNEDNESS (1): one bit per numeric column, most significant first.</summary>
    public static byte[] Signedness(params bool[] unsignedNumeric)
    {
        var bytes = new byte[(unsignedNumeric.Length + 7) / 8];
        for (var i = 0; i < unsignedNumeric.Length; i++)
        {
            if (unsignedNumeric[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return Optional(1, bytes);
    }

    /// <summary>DEFAULT_CHARSET (2): the default collation, then (character column index, collation) exceptions.</summary>
    public static byte[] DefaultCharset(int collation, params (int Index, int Collation)[] exceptions) =>
        Optional(2, [.. LengthEncoded((ulong)collation), .. exceptions.SelectMany(e => (byte[])[.. LengthEncoded((ulong)e.Index), .. LengthEncoded((ulong)e.Collation)])]);

    /// <summary>COLUMN_NAME (4): a length-prefixed name per column.</summary>
    public static byte[] ColumnNames(params string[] names) => Optional(4, [.. names.SelectMany(LengthEncodedString)]);

    /// <summary>SET_STR_VALUE (5): per SET column, the label count and length-prefixed labels.</summary>
    public static byte[] SetValues(params string[][] columns) => Optional(5, Labels(columns));

    /// <summary>ENUM_STR_VALUE (6): per ENUM column, the label count and length-prefixed labels.</summary>
    public static byte[] EnumValues(params string[][] columns) => Optional(6, Labels(columns));

    /// <summary>SIMPLE_PRIMARY_KEY (8): the key's column indexes.</summary>
    public static byte[] SimplePrimaryKey(params int[] columns) => Optional(8, [.. columns.SelectMany(c => LengthEncoded((ulong)c))]);

    /// <summary>COLUMN_VISIBILITY (12): one bit per column, most significant first, set when visible.</summary>
    public static byte[] ColumnVisibility(params bool[] visible)
    {
        var bytes = new byte[(visible.Length + 7) / 8];
        for (var i = 0; i < visible.Length; i++)
        {
            if (visible[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return Optional(12, bytes);
    }

    /// <summary>
    /// WRITE/UPDATE/DELETE_ROWS v2 and PARTIAL_UPDATE_ROWS: table id (6), flags (2), extra-data length counting itself
    /// (2) and extra data, then the body from <see cref="RowsBodyBuilder"/>
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html).
    /// </summary>
    public static byte[] RowsBody(ulong tableId, byte[] body, ushort flags = 1, byte[]? extraData = null)
    {
        extraData ??= [];
        return [.. LittleEndian(tableId, 6), .. LittleEndian(flags, 2), .. LittleEndian((ulong)(2 + extraData.Length), 2), .. extraData, .. body];
    }

    /// <summary>Extra data of type 1: the partition the row went to (and for updates the one it came from).</summary>
    public static byte[] PartitionInfo(ushort partition, ushort? sourcePartition = null) =>
        sourcePartition is { } source ? [1, .. LittleEndian(partition, 2), .. LittleEndian(source, 2)] : [1, .. LittleEndian(partition, 2)];

    /// <summary>
    /// GTID (33) / ANONYMOUS_GTID (34): flags, SID, GNO, logical clock (type 2, last_committed, sequence_number),
    /// immediate commit timestamp (7, high bit when the original follows), transaction length, server version(s)
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Gtid__event.html).
    /// </summary>
    public static byte[] GtidBody(Guid sid, long gno, long lastCommitted = 0, long sequenceNumber = 1, long? immediateCommit = null, long? originalCommit = null,
        ulong? transactionLength = null, uint? immediateVersion = null, uint? originalVersion = null, byte flags = 1)
    {
        List<byte> body = [flags, .. sid.ToByteArray(bigEndian: true), .. LittleEndian((ulong)gno, 8), 2, .. LittleEndian((ulong)lastCommitted, 8), .. LittleEndian((ulong)sequenceNumber, 8)];
        if (immediateCommit is not { } immediate)
        {
            return [.. body];
        }

        var both = originalCommit is { } o && o != immediate;
        body.AddRange(LittleEndian((ulong)immediate | (both ? 1UL << 55 : 0), 7));
        if (both)
        {
            body.AddRange(LittleEndian((ulong)originalCommit!.Value, 7));
        }

        body.AddRange(LengthEncoded(transactionLength ?? 0));
        if (immediateVersion is { } version)
        {
            var twoVersions = originalVersion is { } ov && ov != version;
            body.AddRange(LittleEndian(version | (twoVersions ? 0x8000_0000u : 0), 4));
            if (twoVersions)
            {
                body.AddRange(LittleEndian(originalVersion!.Value, 4));
            }
        }

        return [.. body];
    }

    /// <summary>
    /// GTID_TAGGED_LOG (42): Gtid_event's fields in the serialization format (ids 0-11: flags, UUID, gno, tag,
    /// last_committed, sequence_number, immediate/original commit timestamps, transaction length, immediate/original
    /// server versions, commit group ticket), the originals left out when equal to the immediate ones, as the server does.
    /// </summary>
    public static byte[] TaggedGtidBody(Guid sid, string tag, long gno, long lastCommitted = 0, long sequenceNumber = 1, ulong immediateCommit = 1_700_000_000_000_000,
        ulong? originalCommit = null, ulong transactionLength = 0, uint immediateVersion = 80403, uint? originalVersion = null, ulong? commitGroupTicket = null,
        byte[]? extraFields = null, ulong lastNonIgnorableFieldId = 0)
    {
        List<byte> fields =
        [
            .. Field(0, Unsigned(1)),
            .. Field(1, [.. sid.ToByteArray(bigEndian: true).SelectMany(b => Unsigned(b))]),
            .. Field(2, Signed(gno)),
            .. Field(3, SerializationWriter.String(Encoding.ASCII.GetBytes(tag))),
            .. Field(4, Signed(lastCommitted)),
            .. Field(5, Signed(sequenceNumber)),
            .. Field(6, Unsigned(immediateCommit)),
        ];
        if (originalCommit is { } original && original != immediateCommit)
        {
            fields.AddRange(Field(7, Unsigned(original)));
        }

        fields.AddRange(Field(8, Unsigned(transactionLength)));
        fields.AddRange(Field(9, Unsigned(immediateVersion)));
        if (originalVersion is { } ov && ov != immediateVersion)
        {
            fields.AddRange(Field(10, Unsigned(ov)));
        }

        if (commitGroupTicket is { } ticket)
        {
            fields.AddRange(Field(11, Unsigned(ticket)));
        }

        fields.AddRange(extraFields ?? []);
        return Message([.. fields], lastNonIgnorableFieldId);
    }

    /// <summary>PREVIOUS_GTIDS (35): the set as COM_BINLOG_DUMP_GTID encodes it, tagged layout when it has tags.</summary>
    public static byte[] PreviousGtidsBody(string set) => MySqlGtidSet.Parse(set).EncodeForDump();

    /// <summary>
    /// TRANSACTION_PAYLOAD (40): (type, length, value) fields with packed integers: compression type (2), uncompressed
    /// size (3), payload size (1), end mark (0); then the payload
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html).
    /// </summary>
    public static byte[] TransactionPayloadBody(byte[] payload, int compression, ulong uncompressedSize)
    {
        static byte[] Tlv(ulong type, ulong value)
        {
            var encoded = LengthEncoded(value);
            return [.. LengthEncoded(type), .. LengthEncoded((ulong)encoded.Length), .. encoded];
        }

        return [.. Tlv(2, (ulong)compression), .. Tlv(3, uncompressedSize), .. Tlv(1, (ulong)payload.Length), 0, .. payload];
    }

    /// <summary>HEARTBEAT_V2 (41): filename (1) and position (2, a packed integer) as (type, length, value), then the end mark.</summary>
    public static byte[] HeartbeatV2Body(string file, ulong position)
    {
        var name = Encoding.UTF8.GetBytes(file);
        var pos = LengthEncoded(position);
        return [1, .. LengthEncoded((ulong)name.Length), .. name, 2, .. LengthEncoded((ulong)pos.Length), .. pos, 0];
    }

    /// <summary>INCIDENT (26): the incident number (2), then the message (1-byte length).</summary>
    public static byte[] IncidentBody(ushort incident, string message)
    {
        var text = Encoding.UTF8.GetBytes(message);
        return [.. LittleEndian(incident, 2), (byte)text.Length, .. text];
    }

    private const int BinlogEventHeaderSize = 19;

    private static byte[] LengthEncodedString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [.. LengthEncoded((ulong)bytes.Length), .. bytes];
    }

    private static byte[] Labels(string[][] columns) =>
        [.. columns.SelectMany(labels => (byte[])[.. LengthEncoded((ulong)labels.Length), .. labels.SelectMany(LengthEncodedString)])];
}
