using System.Buffers.Binary;
using System.Text;
using Tandem.MySql.Binlog.Checksums;
using Tandem.MySql.Binlog.Compression;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// Turns raw events (19-byte header, body, optional CRC32) into <see cref="BinlogEvent"/>s. Stateful: it follows the
/// format description (post-header lengths, checksum algorithm) and the file position across rotates, so it must see
/// every event of the stream in order. Every failure is a <see cref="BinlogCorruptException"/> naming file:offset.
/// </summary>
public sealed class BinlogEventDecoder
{
    // The server's max_allowed_packet ceiling: no single event's content can be larger.
    private const long MaxDecompressedBytes = 1L << 30;

    private readonly bool _inner;
    private readonly long _innerEnd;
    private FormatDescriptionEvent? _format;
    private BinlogChecksum _checksum;

    /// <param name="file">The file the stream starts in (the first artificial ROTATE confirms it).</param>
    /// <param name="offset">The offset the stream starts at.</param>
    /// <param name="checksum">The checksum the server puts on events before the first format description (the
    /// @master_binlog_checksum the session announced).</param>
    public BinlogEventDecoder(string file, long offset, BinlogChecksum checksum)
    {
        File = file;
        NextOffset = offset;
        _checksum = checksum;
    }

    private BinlogEventDecoder(FormatDescriptionEvent format, string file, long offset, long endOffset)
    {
        _inner = true;
        _innerEnd = endOffset;
        _format = format;
        _checksum = BinlogChecksum.None;
        File = file;
        NextOffset = offset;
    }

    /// <summary>The file the next event is in.</summary>
    public string File { get; private set; }

    /// <summary>Where the next event starts in <see cref="File"/>.</summary>
    public long NextOffset { get; private set; }

    public FormatDescriptionEvent? Format => _format;

    /// <summary>
    /// A decoder for the events inside a TRANSACTION_PAYLOAD: no checksums, log_pos 0, and every event placed at the
    /// payload event's own position (the transaction resumes after the payload as a whole).
    /// </summary>
    public BinlogEventDecoder ForPayload(TransactionPayloadEvent payload) =>
        new(_format ?? throw new BinlogCorruptException(payload.Position, "a transaction payload before any format description event"), payload.File, payload.Offset, payload.EndOffset);

    public BinlogEvent Decode(ReadOnlyMemory<byte> raw)
    {
        if (raw.Length < BinlogEventHeader.Size)
            throw new BinlogCorruptException(At(NextOffset), $"event of {raw.Length} bytes is shorter than the 19-byte header");

        var header = BinlogEventHeader.Read(raw.Span);
        if (header.EventSize != raw.Length)
            throw new BinlogCorruptException(At(NextOffset), $"the header says the event is {header.EventSize} bytes but {raw.Length} arrived ({header.Type})");

        var (start, end) = Place(header);
        try
        {
            BinlogEvent result;
            if (header.Type == BinlogEventType.FormatDescription)
            {
                // It declares its own checksum algorithm, just before its trailer, so it can always be checked by it;
                // the body is read with the trailer, where the declaration sits.
                var parsed = FormatDescriptionEvent.Parse(raw.Span[BinlogEventHeader.Size..]);
                Verify(header, raw, start, _inner ? BinlogChecksum.None : parsed.Checksum);
                result = CreateFormatDescription(header, parsed, start, end);
            }
            else
            {
                result = DecodeBody(header, Verify(header, raw, start, _checksum), start, end);
            }

            if (!_inner)
                NextOffset = end;
            if (result is RotateEvent rotate && !_inner)
            {
                File = rotate.NextFile;
                NextOffset = rotate.NextPosition;
            }

            return result;
        }
        catch (MySqlProtocolException ex)
        {
            throw new BinlogCorruptException(At(start), $"malformed {header.Type} event: {ex.Message}", inner: ex);
        }
    }

    /// <summary>"file:offset" for error messages; built only when one is thrown, as formatting it costs more than decoding most events.</summary>
    private string At(long offset) => $"{File}:{offset}";

    private (long Start, long End) Place(in BinlogEventHeader header)
    {
        if (_inner)
            return (NextOffset, _innerEnd);

        if (header.NextPosition == 0)
        {
            // Generated for the stream (or the format description re-sent when starting mid-file): not in the file here.
            // MariaDB 11.4+ also writes log_pos 0 for events from the transaction cache; those do occupy the file.
            return header.IsArtificial || header.Type is BinlogEventType.FormatDescription or BinlogEventType.Rotate or BinlogEventType.Heartbeat or BinlogEventType.HeartbeatV2
                ? (NextOffset, NextOffset)
                : (NextOffset, NextOffset + header.EventSize);
        }

        if (header.IsArtificial || header.Type is BinlogEventType.Heartbeat or BinlogEventType.HeartbeatV2)
            return (NextOffset, NextOffset);

        // log_pos is where the event ends in the file, so it cannot be less than the event's size.
        if (header.NextPosition < header.EventSize)
            throw new BinlogCorruptException($"{File}:{NextOffset}", $"{header.Type} event of {header.EventSize} bytes says it ends at {header.NextPosition}, before it could start");

        return (header.NextPosition - (long)header.EventSize, header.NextPosition);
    }

    private ReadOnlyMemory<byte> Verify(in BinlogEventHeader header, ReadOnlyMemory<byte> raw, long start, BinlogChecksum checksum)
    {
        if (checksum != BinlogChecksum.Crc32)
            return raw[BinlogEventHeader.Size..];

        if (raw.Length < BinlogEventHeader.Size + BinlogEventChecksum.Length)
            throw new BinlogCorruptException(At(start), $"{header.Type} event has no room for its CRC32");

        var (stored, computed) = BinlogEventChecksum.Read(raw.Span);
        if (stored != computed)
        {
            var position = At(start);
            throw new BinlogCorruptException(
                position,
                $"CRC32 mismatch in {header.Type} event of {header.EventSize} bytes: stored 0x{stored:X8}, computed 0x{computed:X8}",
                $"the event was damaged on disk or on the way; compare with 'mariadb-binlog --start-position' on the source at {position}. Nothing after it was applied; if the source's file is damaged, re-snapshot the target");
        }

        return raw[BinlogEventHeader.Size..^BinlogEventChecksum.Length];
    }

    private BinlogEvent DecodeBody(in BinlogEventHeader header, ReadOnlyMemory<byte> body, long start, long end)
    {
        var span = body.Span;
        switch (header.Type)
        {
            case BinlogEventType.Rotate:
                return DecodeRotate(header, span, start, end);
            case BinlogEventType.Query:
                return DecodeQuery(header, span, start, end);
            case BinlogEventType.Xid:
                return new XidEvent { Header = header, File = File, Offset = start, EndOffset = end, Xid = new PayloadReader(span, "XID event").ReadUInt64() };
            case BinlogEventType.TableMap:
                return DecodeTableMap(header, span, start, end);
            case BinlogEventType.WriteRowsV1 or BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV1 or BinlogEventType.UpdateRowsV2
                or BinlogEventType.DeleteRowsV1 or BinlogEventType.DeleteRowsV2 or BinlogEventType.PartialUpdateRows:
                return DecodeRows(header, body, start, end);
            case BinlogEventType.Gtid or BinlogEventType.AnonymousGtid:
                return DecodeMySqlGtid(header, span, start, end);
            case BinlogEventType.GtidTagged:
                return TaggedGtidEventReader.Read(header, span, File, start, end);
            case BinlogEventType.PreviousGtids:
                return new PreviousGtidsEvent { Header = header, File = File, Offset = start, EndOffset = end, EncodedSet = span.ToArray() };
            case BinlogEventType.MariaDbGtid:
                return DecodeMariaDbGtid(header, span, start, end);
            case BinlogEventType.MariaDbGtidList:
                return DecodeGtidList(header, span, start, end);
            case BinlogEventType.RowsQuery:
                {
                    // A length byte that overflows for statements over 255 bytes; the text runs to the end regardless.
                    var text = span.Length > 0 ? Encoding.UTF8.GetString(span[1..]) : string.Empty;
                    return new TextEvent { Header = header, File = File, Offset = start, EndOffset = end, Text = text };
                }

            case BinlogEventType.MariaDbAnnotateRows:
                return new TextEvent { Header = header, File = File, Offset = start, EndOffset = end, Text = Encoding.UTF8.GetString(span) };
            case BinlogEventType.TransactionPayload:
                return DecodeTransactionPayload(header, body, start, end);
            case BinlogEventType.Heartbeat:
                return new HeartbeatEvent { Header = header, File = File, Offset = start, EndOffset = end, LogFile = Encoding.UTF8.GetString(span), LogPosition = header.NextPosition };
            case BinlogEventType.HeartbeatV2:
                return DecodeHeartbeatV2(header, span, start, end);
            case BinlogEventType.Incident:
                return DecodeIncident(header, span, start, end);
            case BinlogEventType.IntVar or BinlogEventType.Rand or BinlogEventType.UserVar or BinlogEventType.Stop
                or BinlogEventType.MariaDbBinlogCheckpoint or BinlogEventType.Ignorable or BinlogEventType.TransactionContext
                or BinlogEventType.ViewChange or BinlogEventType.Slave:
                return new IgnoredEvent { Header = header, File = File, Offset = start, EndOffset = end };
            case BinlogEventType.MariaDbQueryCompressed:
                return DecodeQuery(header, span, start, end);
            case BinlogEventType.MariaDbWriteRowsCompressedV1 or BinlogEventType.MariaDbUpdateRowsCompressedV1 or BinlogEventType.MariaDbDeleteRowsCompressedV1
                or BinlogEventType.MariaDbWriteRowsCompressed or BinlogEventType.MariaDbUpdateRowsCompressed or BinlogEventType.MariaDbDeleteRowsCompressed:
                return DecodeRows(header, body, start, end);
            case BinlogEventType.MariaDbStartEncryption:
                throw new BinlogCorruptException(At(start), "the binlog is encrypted (START_ENCRYPTION); the server should decrypt it for replicas", "check encrypt_binlog and the source's key management plugin; a replica connection receives plain events");
            case BinlogEventType.XaPrepare:
                throw new BinlogCorruptException(At(start), "XA PREPARE transactions are not supported", "finish or roll back XA transactions on the source before replicating; Tandem replicates committed transactions only");
            default:
                if ((header.Flags & BinlogEventFlags.Ignorable) != 0)
                    return new IgnoredEvent { Header = header, File = File, Offset = start, EndOffset = end };
                throw new BinlogCorruptException(At(start), $"unknown event type {(byte)header.Type} without the ignorable flag: it may change data Tandem cannot see", "the source is newer than this Tandem knows; upgrade Tandem, or report the server version and event type");
        }
    }

    private FormatDescriptionEvent CreateFormatDescription(in BinlogEventHeader header, (int Version, string ServerVersion, int HeaderLength, byte[] PostHeaderLengths, BinlogChecksum Checksum) parsed, long start, long end)
    {
        var format = new FormatDescriptionEvent
        {
            Header = header,
            File = File,
            Offset = start,
            EndOffset = end,
            BinlogVersion = parsed.Version,
            ServerVersion = parsed.ServerVersion,
            HeaderLength = parsed.HeaderLength,
            PostHeaderLengths = parsed.PostHeaderLengths,
            Checksum = parsed.Checksum,
        };
        if (format.BinlogVersion != 4 || format.HeaderLength != BinlogEventHeader.Size)
            throw new MySqlProtocolException($"binlog version {format.BinlogVersion} with a {format.HeaderLength}-byte header is not supported (only v4, MySQL 5.0+ and MariaDB)");

        if (!_inner)
        {
            _format = format;
            _checksum = format.Checksum;
        }

        return format;
    }

    private RotateEvent DecodeRotate(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body, "rotate event");
        var next = (long)reader.ReadUInt64();
        var file = Encoding.UTF8.GetString(reader.ReadRest());

        // A binlog name is a file name (at most FN_REFLEN = 512 bytes, no directory): anything else is a damaged event
        // that would send the reader, and every saved position after it, to a file that does not exist.
        if (file.Length is 0 or > 512 || file.Any(static c => char.IsControl(c) || c is '/' or '\\' or '\uFFFD'))
            throw reader.Malformed("the next binlog file name (1 to 512 printable characters, no directory)", 8);
        return new RotateEvent { Header = header, File = File, Offset = start, EndOffset = end, NextFile = file, NextPosition = next };
    }

    private QueryEvent DecodeQuery(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var postHeader = PostHeaderLength(BinlogEventType.Query, 13);
        var reader = new PayloadReader(body, "query event");
        var threadId = reader.ReadUInt32();
        reader.ReadUInt32();
        var databaseLength = reader.ReadByte();
        var errorCode = reader.ReadUInt16();
        var statusLength = postHeader >= 13 ? reader.ReadUInt16() : 0;
        reader.Offset = postHeader;
        var status = QueryStatusVariables.Parse(reader.ReadBytes(statusLength));
        var database = Encoding.UTF8.GetString(reader.ReadBytes(databaseLength));
        reader.ReadByte();
        var encoding = status.ClientCollation is { } collation ? MySqlCharacterSets.GetEncoding(collation) : Encoding.UTF8;
        var text = reader.ReadRest();
        var sql = header.Type == BinlogEventType.MariaDbQueryCompressed
            ? encoding.GetString(MariaDbEventCompression.Decompress(text, MaxDecompressedBytes))
            : encoding.GetString(text);
        return new QueryEvent
        {
            Header = header,
            File = File,
            Offset = start,
            EndOffset = end,
            ThreadId = threadId,
            ErrorCode = errorCode,
            Database = database,
            Sql = sql,
            Status = status,
        };
    }

    private TableMapEvent DecodeTableMap(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var postHeader = PostHeaderLength(BinlogEventType.TableMap, 8);
        var reader = new PayloadReader(body, "table map event");
        var tableId = postHeader == 6 ? reader.ReadUInt32() : reader.ReadUInt48();
        reader.Offset = postHeader;
        var database = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadByte()));
        reader.ReadByte();
        var table = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadByte()));
        reader.ReadByte();
        var columns = ReadCount(ref reader, "column count");
        var types = reader.ReadBytes(columns).ToArray();
        var metadataLength = ReadCount(ref reader, "metadata block length");
        var metadata = reader.ReadBytes(metadataLength).ToArray();
        var nullable = reader.ReadBytes((columns + 7) / 8).ToArray();
        var optional = new List<(byte, byte[])>();
        while (!reader.AtEnd)
        {
            var type = reader.ReadByte();
            var length = ReadCount(ref reader, "optional metadata length");
            optional.Add((type, reader.ReadBytes(length).ToArray()));
        }

        return new TableMapEvent
        {
            Header = header,
            File = File,
            Offset = start,
            EndOffset = end,
            TableId = tableId,
            Database = database,
            Table = table,
            ColumnTypes = types,
            MetadataBlock = metadata,
            NullableBitmap = nullable,
            OptionalMetadata = optional,
        };
    }

    private RowsEvent DecodeRows(in BinlogEventHeader header, ReadOnlyMemory<byte> body, long start, long end)
    {
        var isV2 = header.Type is BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2 or BinlogEventType.PartialUpdateRows
            or BinlogEventType.MariaDbWriteRowsCompressed or BinlogEventType.MariaDbUpdateRowsCompressed or BinlogEventType.MariaDbDeleteRowsCompressed;
        var postHeader = PostHeaderLength(header.Type, isV2 ? 10 : 8);
        var reader = new PayloadReader(body.Span, "rows event");
        var tableId = postHeader == 6 ? reader.ReadUInt32() : reader.ReadUInt48();
        var flags = reader.ReadUInt16();
        reader.Offset = postHeader;
        if (isV2)
        {
            // The extra-data length counts its own two bytes: NDB info or partition ids, which change no values.
            reader.Offset = postHeader - 2;
            var extra = reader.ReadUInt16();
            if (extra < 2)
                throw reader.Malformed("an extra-data length of at least 2", reader.Offset - 2);
            reader.Skip(extra - 2);
        }

        var kind = header.Type switch
        {
            BinlogEventType.WriteRowsV1 or BinlogEventType.WriteRowsV2 or BinlogEventType.MariaDbWriteRowsCompressedV1 or BinlogEventType.MariaDbWriteRowsCompressed => RowsEventKind.Write,
            BinlogEventType.UpdateRowsV1 or BinlogEventType.UpdateRowsV2 or BinlogEventType.MariaDbUpdateRowsCompressedV1 or BinlogEventType.MariaDbUpdateRowsCompressed => RowsEventKind.Update,
            BinlogEventType.PartialUpdateRows => RowsEventKind.PartialUpdate,
            _ => RowsEventKind.Delete,
        };
        var rows = body[reader.Offset..];
        if (header.Type >= BinlogEventType.MariaDbWriteRowsCompressedV1)
            rows = DecompressRows(rows, kind);
        return new RowsEvent { Header = header, File = File, Offset = start, EndOffset = end, TableId = tableId, Flags = flags, Kind = kind, Body = rows };
    }

    /// <summary>MariaDB compresses the row images only: the column count and bitmaps before them stay in the clear.</summary>
    private static ReadOnlyMemory<byte> DecompressRows(ReadOnlyMemory<byte> rows, RowsEventKind kind)
    {
        var reader = new PayloadReader(rows.Span, "compressed rows event");
        var columns = ReadCount(ref reader, "column count");
        reader.Skip((columns + 7) / 8 * (kind == RowsEventKind.Update ? 2 : 1));
        var clear = reader.Offset;
        var images = MariaDbEventCompression.Decompress(reader.ReadRest(), MaxDecompressedBytes);
        var result = new byte[clear + images.Length];
        rows.Span[..clear].CopyTo(result);
        images.CopyTo(result, clear);
        return result;
    }

    private MySqlGtidEvent DecodeMySqlGtid(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        // Gtid_event in libs/mysql/binlog/event/control_events.h: the post-header (flags, SID, GNO, logical clock), then
        // the optional tail a newer server appends: commit timestamps, transaction length, server versions.
        var reader = new PayloadReader(body, "GTID event");
        reader.ReadByte();
        var sid = new Guid(reader.ReadBytes(16), bigEndian: true);
        var gno = (long)reader.ReadUInt64();
        if (header.Type == BinlogEventType.Gtid && gno is < 1 or > GtidIntervals.MaxGno)
            throw reader.Malformed($"a GNO from 1 to {GtidIntervals.MaxGno}, found {gno}", 17);
        long? lastCommitted = null;
        long? sequenceNumber = null;
        long? immediate = null;
        long? original = null;
        ulong? length = null;
        uint? immediateVersion = null;
        uint? originalVersion = null;
        if (reader.Remaining >= 17 && reader.PeekByte() == 2)
        {
            reader.Skip(1);
            lastCommitted = (long)reader.ReadUInt64();
            sequenceNumber = (long)reader.ReadUInt64();
            if (reader.Remaining >= 7)
            {
                var raw = ReadUInt56(ref reader);
                immediate = (long)(raw & ~(1UL << 55));
                original = (raw & (1UL << 55)) != 0 ? (long)ReadUInt56(ref reader) : immediate;
                if (!reader.AtEnd)
                    length = reader.ReadLengthEncodedInteger();
                if (reader.Remaining >= 4)
                {
                    var version = reader.ReadUInt32();
                    immediateVersion = version & 0x7FFF_FFFF;
                    originalVersion = (version & 0x8000_0000) != 0 ? reader.ReadUInt32() : immediateVersion;
                }
            }
        }

        return new MySqlGtidEvent
        {
            Header = header,
            File = File,
            Offset = start,
            EndOffset = end,
            SourceId = sid,
            Sequence = gno,
            LastCommitted = lastCommitted,
            SequenceNumber = sequenceNumber,
            ImmediateCommitMicroseconds = immediate,
            OriginalCommitMicroseconds = original,
            TransactionLength = length,
            ImmediateServerVersion = immediateVersion,
            OriginalServerVersion = originalVersion,
        };
    }

    private static ulong ReadUInt56(ref PayloadReader reader)
    {
        var bytes = reader.ReadBytes(7);
        ulong value = 0;
        for (var i = 6; i >= 0; i--)
            value = (value << 8) | bytes[i];
        return value;
    }

    private MariaDbGtidEvent DecodeMariaDbGtid(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body, "MariaDB GTID event");
        var sequence = reader.ReadUInt64();
        var domain = reader.ReadUInt32();
        var flags = reader.ReadByte();
        return new MariaDbGtidEvent { Header = header, File = File, Offset = start, EndOffset = end, Sequence = sequence, Domain = domain, GtidFlags = flags };
    }

    private MariaDbGtidListEvent DecodeGtidList(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body, "MariaDB GTID list event");
        var count = (int)(reader.ReadUInt32() & 0x0FFFFFFF);
        if ((long)count * 16 > reader.Remaining)
            throw reader.Malformed($"{count} GTIDs of 16 bytes", reader.Offset);
        var gtids = new (uint, uint, ulong)[count];
        for (var i = 0; i < count; i++)
            gtids[i] = (reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt64());
        return new MariaDbGtidListEvent { Header = header, File = File, Offset = start, EndOffset = end, Gtids = gtids };
    }

    private TransactionPayloadEvent DecodeTransactionPayload(in BinlogEventHeader header, ReadOnlyMemory<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body.Span, "transaction payload event");
        ulong? size = null;
        var compression = -1;
        ulong uncompressed = 0;
        while (true)
        {
            var type = reader.ReadLengthEncodedInteger();
            if (type == 0)
                break;
            var length = ReadCount(ref reader, "payload field length");
            var field = new PayloadReader(reader.ReadBytes(length), "transaction payload field");
            switch (type)
            {
                case 1: size = field.ReadLengthEncodedInteger(); break;
                case 2: compression = (int)Math.Min(field.ReadLengthEncodedInteger(), int.MaxValue); break;
                case 3: uncompressed = field.ReadLengthEncodedInteger(); break;
                default: break; // Fields added later carry their own length and can be skipped.
            }
        }

        var payload = body[reader.Offset..];
        if (size is { } declared && declared != (ulong)payload.Length)
            throw reader.Malformed($"a payload of {declared} bytes as declared, found {payload.Length}", reader.Offset);
        if (compression is not (TransactionPayloadEvent.CompressionZstd or TransactionPayloadEvent.CompressionNone))
            throw reader.Malformed($"compression type 0 (zstd) or 255 (none), found {compression}", reader.Offset);
        return new TransactionPayloadEvent { Header = header, File = File, Offset = start, EndOffset = end, Compression = compression, UncompressedSize = uncompressed, Payload = payload };
    }

    private HeartbeatEvent DecodeHeartbeatV2(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body, "heartbeat v2 event");
        var file = string.Empty;
        long position = header.NextPosition;
        while (!reader.AtEnd)
        {
            var type = reader.ReadLengthEncodedInteger();
            if (type == 0)
                break;
            var value = reader.ReadBytes(ReadCount(ref reader, "heartbeat field length"));
            if (type == 1)
                file = Encoding.UTF8.GetString(value);
            else if (type == 2)
                position = (long)new PayloadReader(value, "heartbeat position").ReadLengthEncodedInteger();
        }

        return new HeartbeatEvent { Header = header, File = File, Offset = start, EndOffset = end, LogFile = file, LogPosition = position };
    }

    private IncidentEvent DecodeIncident(in BinlogEventHeader header, ReadOnlySpan<byte> body, long start, long end)
    {
        var reader = new PayloadReader(body, "incident event");
        var incident = reader.ReadUInt16();
        var message = reader.AtEnd ? string.Empty : Encoding.UTF8.GetString(reader.ReadBytes(Math.Min(reader.ReadByte(), reader.Remaining)));
        return new IncidentEvent { Header = header, File = File, Offset = start, EndOffset = end, Incident = incident, Message = message };
    }

    private int PostHeaderLength(BinlogEventType type, int fallback) => _format?.PostHeaderLength(type, fallback) ?? fallback;

    private static int ReadCount(ref PayloadReader reader, string what)
    {
        var value = reader.ReadLengthEncodedInteger();
        if (value > (ulong)reader.Remaining)
            throw reader.Malformed($"a {what} within the {reader.Remaining} remaining bytes, found {value}", reader.Offset);
        return (int)value;
    }
}
