using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Tests.Binlog.Builders;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogEventBuilder;

namespace Tandem.MySql.Tests.Binlog.Events;

/// <summary>Every MySQL 8 event type decoded from the bytes a server sends, with the positions the decoder gives it.</summary>
public sealed class BinlogEventDecoderTests
{
    private const string File = "binlog.000007";
    private static readonly Guid Source = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    /// <summary>A decoder past the stream's start (artificial ROTATE, FORMAT_DESCRIPTION), and the builder that continues the file.</summary>
    private static (BinlogEventDecoder Decoder, BinlogEventBuilder Builder) Started(bool checksums = true)
    {
        var builder = new BinlogEventBuilder(checksums);
        var decoder = new BinlogEventDecoder(File, 4, checksums ? BinlogChecksum.Crc32 : BinlogChecksum.None);
        decoder.Decode(builder.Rotate(File, 4, artificial: true));
        decoder.Decode(builder.FormatDescription());
        return (decoder, builder);
    }

    [Fact]
    public void The_artificial_rotate_names_the_file_and_does_not_take_room_in_it()
    {
        var builder = new BinlogEventBuilder();
        var decoder = new BinlogEventDecoder("unknown", 0, BinlogChecksum.Crc32);

        var rotate = Assert.IsType<RotateEvent>(decoder.Decode(builder.Rotate(File, 4, artificial: true)));

        Assert.True(rotate.Header.IsArtificial);
        Assert.Equal(0u, rotate.Header.NextPosition);
        Assert.Equal(rotate.Offset, rotate.EndOffset);
        Assert.Equal((File, 4L), (rotate.NextFile, rotate.NextPosition));
        Assert.Equal((File, 4L), (decoder.File, decoder.NextOffset));
    }

    [Fact]
    public void The_format_description_of_MySQL_8_4_gives_the_checksum_and_the_post_header_table()
    {
        var builder = new BinlogEventBuilder();
        var decoder = new BinlogEventDecoder(File, 4, BinlogChecksum.Crc32);
        decoder.Decode(builder.Rotate(File, 4, artificial: true));
        var raw = builder.FormatDescription();

        var format = Assert.IsType<FormatDescriptionEvent>(decoder.Decode(raw));

        Assert.Equal(4, format.BinlogVersion);
        Assert.Equal(ServerVersion, format.ServerVersion);
        Assert.Equal(19, format.HeaderLength);
        Assert.Equal(BinlogChecksum.Crc32, format.Checksum);
        Assert.Equal(42, format.PostHeaderLengths.Length);
        Assert.Equal(99, format.PostHeaderLength(BinlogEventType.FormatDescription, 0));
        Assert.Equal(8, format.PostHeaderLength(BinlogEventType.TableMap, 0));
        Assert.Equal(10, format.PostHeaderLength(BinlogEventType.PartialUpdateRows, 0));
        Assert.Equal(40, format.PostHeaderLength(BinlogEventType.TransactionPayload, 0));
        Assert.Equal((4L, 4L + raw.Length), (format.Offset, format.EndOffset));
        Assert.Equal(4 + raw.Length, decoder.NextOffset);
        Assert.Same(format, decoder.Format);
    }

    [Fact]
    public void A_format_description_resent_with_log_pos_0_when_starting_mid_file_does_not_move_the_position()
    {
        var builder = new BinlogEventBuilder { Position = 1234 };
        var decoder = new BinlogEventDecoder(File, 1234, BinlogChecksum.Crc32);
        decoder.Decode(builder.Rotate(File, 1234, artificial: true));

        var format = Assert.IsType<FormatDescriptionEvent>(decoder.Decode(builder.FormatDescription(artificial: true)));

        Assert.Equal((1234L, 1234L), (format.Offset, format.EndOffset));
        Assert.Equal(1234, decoder.NextOffset);
    }

    [Fact]
    public void A_format_description_without_checksums_turns_verification_off_for_later_events()
    {
        var (decoder, builder) = Started(checksums: false);
        var raw = builder.Next(BinlogEventType.Xid, XidBody(9));

        var xid = Assert.IsType<XidEvent>(decoder.Decode(raw));

        Assert.Equal(BinlogChecksum.None, decoder.Format!.Checksum);
        Assert.Equal(9ul, xid.Xid);
        Assert.Equal(raw.Length, (int)(xid.EndOffset - xid.Offset));
    }

    [Fact]
    public void A_query_event_gives_its_database_statement_and_status_variables()
    {
        var (decoder, builder) = Started();
        byte[] status = [.. StatusFlags2(0x4000), .. StatusSqlMode(0x2020_0000), .. StatusCharset(45, 46, 255), .. StatusUpdatedDbNames("shop", "audit"),
            .. StatusDdlLoggedWithXid(77), .. StatusDefaultCollationForUtf8Mb4(255)];
        var start = builder.Position;
        var raw = builder.Next(BinlogEventType.Query, QueryBody("shop", "ALTER TABLE t ADD c INT", status, threadId: 42));

        var query = Assert.IsType<QueryEvent>(decoder.Decode(raw));

        Assert.Equal(("shop", "ALTER TABLE t ADD c INT", 42u, 0), (query.Database, query.Sql, query.ThreadId, query.ErrorCode));
        Assert.Equal(0x2020_0000ul, query.Status.SqlMode);
        Assert.Equal((ushort)45, query.Status.ClientCollation);
        Assert.Equal((ushort)46, query.Status.ConnectionCollation);
        Assert.Equal((ushort)255, query.Status.ServerCollation);
        Assert.Equal(77ul, query.Status.DdlXid);
        Assert.Equal((ushort)255, query.Status.DefaultUtf8Mb4Collation);
        Assert.Equal((start, start + raw.Length), (query.Offset, query.EndOffset));
        Assert.Equal($"{File}:{start}", query.Position);
    }

    [Fact]
    public void A_query_event_with_an_unknown_status_variable_still_gives_its_statement()
    {
        var (decoder, builder) = Started();
        byte[] status = [.. StatusSqlMode(1), 99, 1, 2, 3];

        var query = Assert.IsType<QueryEvent>(decoder.Decode(builder.Next(BinlogEventType.Query, QueryBody("db", "BEGIN", status))));

        Assert.True(query.IsBegin);
        Assert.Equal(1ul, query.Status.SqlMode);
    }

    [Fact]
    public void A_table_map_gives_the_columns_and_every_optional_metadata_field()
    {
        var (decoder, builder) = Started();
        byte[] types = [3, 15, 254, 254, 245];
        byte[] metadata = [.. BinlogValueEncoder.LittleEndian(400, 2), 0xF7, 1, 0xF8, 1, 4];
        byte[][] optional =
        [
            Signedness(true), DefaultCharset(255, (1, 63)), ColumnNames("id", "name", "size", "tags", "doc"),
            SetValues(["a", "b"]), EnumValues(["s", "m", "l"]), SimplePrimaryKey(0), ColumnVisibility(true, true, true, true, false),
        ];

        var map = Assert.IsType<TableMapEvent>(decoder.Decode(builder.Next(BinlogEventType.TableMap, TableMapBody(0x0000_1234_5678, "shop", "items", types, metadata, [false, true, true, true, true], optional))));

        Assert.Equal(0x1234_5678ul, map.TableId);
        Assert.Equal(("shop", "items"), (map.Database, map.Table));
        Assert.Equal(types, map.ColumnTypes);
        Assert.Equal(metadata, map.MetadataBlock);
        Assert.Equal([0b11110], map.NullableBitmap);
        Assert.Equal([1, 2, 4, 5, 6, 8, 12], map.OptionalMetadata.Select(o => (int)o.Type));
        Assert.Equal([0x80], map.OptionalMetadata[0].Value);
    }

    [Theory]
    [InlineData(BinlogEventType.WriteRowsV2, Tandem.MySql.Binlog.Events.RowsEventKind.Write)]
    [InlineData(BinlogEventType.UpdateRowsV2, Tandem.MySql.Binlog.Events.RowsEventKind.Update)]
    [InlineData(BinlogEventType.DeleteRowsV2, Tandem.MySql.Binlog.Events.RowsEventKind.Delete)]
    [InlineData(BinlogEventType.PartialUpdateRows, Tandem.MySql.Binlog.Events.RowsEventKind.PartialUpdate)]
    public void A_rows_v2_event_skips_its_partition_extra_data_and_keeps_the_body(BinlogEventType type, Tandem.MySql.Binlog.Events.RowsEventKind kind)
    {
        var (decoder, builder) = Started();
        byte[] body = [1, 1, 1, 0, 42];
        var extra = type == BinlogEventType.WriteRowsV2 ? PartitionInfo(3) : PartitionInfo(3, 2);

        var rows = Assert.IsType<RowsEvent>(decoder.Decode(builder.Next(type, RowsBody(77, body, flags: 1, extraData: extra))));

        Assert.Equal((77ul, kind, true), (rows.TableId, rows.Kind, rows.IsStatementEnd));
        Assert.Equal(body, rows.Body.ToArray());
    }

    [Fact]
    public void A_GTID_event_gives_the_GTID_logical_clock_timestamps_length_and_server_versions()
    {
        var (decoder, builder) = Started();
        var body = GtidBody(Source, 17, lastCommitted: 5, sequenceNumber: 6, immediateCommit: 1_700_000_000_123_456, originalCommit: 1_699_999_999_000_001,
            transactionLength: 300, immediateVersion: 80403, originalVersion: 80036);

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.Gtid, body)));

        Assert.Equal($"{Source:D}:17", gtid.Gtid);
        Assert.False(gtid.IsAnonymous);
        Assert.Null(gtid.Tag);
        Assert.Equal((5L, 6L), (gtid.LastCommitted, gtid.SequenceNumber));
        Assert.Equal(1_700_000_000_123_456L, gtid.ImmediateCommitMicroseconds);
        Assert.Equal(1_699_999_999_000_001L, gtid.OriginalCommitMicroseconds);
        Assert.Equal(300ul, gtid.TransactionLength);
        Assert.Equal((80403u, 80036u), (gtid.ImmediateServerVersion, gtid.OriginalServerVersion));
    }

    [Fact]
    public void A_GTID_event_from_the_originating_server_has_one_timestamp_and_one_version_for_both()
    {
        var (decoder, builder) = Started();

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.Gtid, GtidBody(Source, 3, immediateCommit: 1_000, transactionLength: 99, immediateVersion: 80403))));

        Assert.Equal((1_000L, 1_000L), (gtid.ImmediateCommitMicroseconds, gtid.OriginalCommitMicroseconds));
        Assert.Equal((80403u, 80403u), (gtid.ImmediateServerVersion, gtid.OriginalServerVersion));
    }

    [Fact]
    public void An_anonymous_GTID_event_is_marked_anonymous()
    {
        var (decoder, builder) = Started();

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.AnonymousGtid, GtidBody(Guid.Empty, 0, immediateCommit: 5))));

        Assert.True(gtid.IsAnonymous);
    }

    [Fact]
    public void A_GTID_event_with_GNO_0_is_corrupt()
    {
        var (decoder, builder) = Started();
        var start = builder.Position;

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next(BinlogEventType.Gtid, GtidBody(Source, 0))));

        Assert.Equal($"{File}:{start}", ex.Position);
    }

    [Fact]
    public void A_previous_GTIDs_event_carries_tagged_and_untagged_sets()
    {
        var (decoder, builder) = Started();
        const string set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:9,3e11fa47-71ca-11e1-9e33-c80aa9429562:batch:1-3";

        var previous = Assert.IsType<PreviousGtidsEvent>(decoder.Decode(builder.Next(BinlogEventType.PreviousGtids, PreviousGtidsBody(set))));
        var untagged = Assert.IsType<PreviousGtidsEvent>(decoder.Decode(builder.Next(BinlogEventType.PreviousGtids, PreviousGtidsBody("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"))));

        Assert.Equal(MySqlGtidSet.Parse(set), MySqlGtidSet.Decode(previous.EncodedSet));
        Assert.Equal(MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"), MySqlGtidSet.Decode(untagged.EncodedSet));
    }

    [Theory]
    [InlineData(TransactionPayloadEvent.CompressionZstd)]
    [InlineData(TransactionPayloadEvent.CompressionNone)]
    public void A_transaction_payload_event_gives_its_compression_sizes_and_payload(int compression)
    {
        var (decoder, builder) = Started();
        byte[] payload = [1, 2, 3, 4, 5];
        var start = builder.Position;
        var raw = builder.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(payload, compression, 1000));

        var ev = Assert.IsType<TransactionPayloadEvent>(decoder.Decode(raw));

        Assert.Equal((compression, 1000ul), (ev.Compression, ev.UncompressedSize));
        Assert.Equal(payload, ev.Payload.ToArray());
        Assert.Equal((start, start + raw.Length), (ev.Offset, ev.EndOffset));
    }

    [Fact]
    public void A_transaction_payload_whose_declared_size_differs_from_its_payload_is_corrupt()
    {
        var (decoder, builder) = Started();
        var body = TransactionPayloadBody([1, 2, 3], TransactionPayloadEvent.CompressionZstd, 10);

        Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next(BinlogEventType.TransactionPayload, body[..^1])));
    }

    [Fact]
    public void A_heartbeat_reports_the_source_position_without_moving_the_stream()
    {
        var (decoder, builder) = Started();
        var before = decoder.NextOffset;
        var raw = Event(BinlogEventType.Heartbeat, System.Text.Encoding.UTF8.GetBytes(File), 98765, BinlogEventFlags.Artificial, checksum: true, timestamp: 0);

        var heartbeat = Assert.IsType<HeartbeatEvent>(decoder.Decode(raw));

        Assert.Equal((File, 98765L), (heartbeat.LogFile, heartbeat.LogPosition));
        Assert.Equal(heartbeat.Offset, heartbeat.EndOffset);
        Assert.Equal(before, decoder.NextOffset);
    }

    [Fact]
    public void A_heartbeat_v2_carries_a_64_bit_position()
    {
        var (decoder, builder) = Started();
        var before = decoder.NextOffset;
        var raw = Event(BinlogEventType.HeartbeatV2, HeartbeatV2Body(File, 5_000_000_000), 0, BinlogEventFlags.Artificial, checksum: true, timestamp: 0);

        var heartbeat = Assert.IsType<HeartbeatEvent>(decoder.Decode(raw));

        Assert.Equal((File, 5_000_000_000L), (heartbeat.LogFile, heartbeat.LogPosition));
        Assert.Equal(before, decoder.NextOffset);
    }

    [Fact]
    public void An_incident_gives_its_number_and_message()
    {
        var (decoder, builder) = Started();

        var incident = Assert.IsType<IncidentEvent>(decoder.Decode(builder.Next(BinlogEventType.Incident, IncidentBody(1, "LOST_EVENTS"))));

        Assert.Equal((1, "LOST_EVENTS"), (incident.Incident, incident.Message));
    }

    [Fact]
    public void An_unknown_event_type_with_the_ignorable_flag_is_skipped_and_moves_the_position()
    {
        var (decoder, builder) = Started();
        var raw = builder.Next((BinlogEventType)120, [1, 2, 3], BinlogEventFlags.Ignorable);

        var ignored = Assert.IsType<IgnoredEvent>(decoder.Decode(raw));

        Assert.Equal(ignored.EndOffset, decoder.NextOffset);
        Assert.Equal(builder.Position, decoder.NextOffset);
    }

    [Fact]
    public void An_unknown_event_type_without_the_ignorable_flag_stops_the_stream_naming_its_position()
    {
        var (decoder, builder) = Started();
        var start = builder.Position;

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next((BinlogEventType)120, [1, 2, 3])));

        Assert.Equal($"{File}:{start}", ex.Position);
        Assert.Contains("unknown event type 120", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checksum_mismatch_is_corrupt_and_names_the_file_and_offset()
    {
        var (decoder, builder) = Started();
        var start = builder.Position;
        var raw = builder.Next(BinlogEventType.Query, QueryBody("db", "BEGIN"));
        raw[30] ^= 0x01;

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(raw));

        Assert.Equal($"{File}:{start}", ex.Position);
        Assert.Contains("CRC32 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{File}:{start}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_description_with_a_damaged_checksum_is_corrupt()
    {
        var builder = new BinlogEventBuilder();
        var decoder = new BinlogEventDecoder(File, 4, BinlogChecksum.Crc32);
        var raw = builder.FormatDescription();
        raw[^1] ^= 0xFF;

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(raw));

        Assert.Equal($"{File}:4", ex.Position);
    }

    [Fact]
    public void A_rotate_at_the_end_of_a_file_switches_to_the_next_file()
    {
        var (decoder, builder) = Started();
        decoder.Decode(builder.Next(BinlogEventType.Xid, XidBody(1)));
        var start = builder.Position;

        var rotate = Assert.IsType<RotateEvent>(decoder.Decode(builder.Rotate("binlog.000008", 4)));

        Assert.Equal((File, start), (rotate.File, rotate.Offset));
        Assert.Equal(("binlog.000008", 4L), (decoder.File, decoder.NextOffset));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc/binlog.000001")]
    [InlineData("bin\u0001log")]
    public void A_rotate_to_a_name_that_is_not_a_binlog_file_name_is_corrupt(string name)
    {
        var (decoder, builder) = Started();
        var start = builder.Position;

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Rotate(name, 4)));

        Assert.Equal($"{File}:{start}", ex.Position);
        Assert.Equal(File, decoder.File);
    }

    [Fact]
    public void An_event_whose_log_pos_is_before_its_own_end_is_corrupt()
    {
        var (decoder, _) = Started();
        var raw = Event(BinlogEventType.Xid, XidBody(1), 10, BinlogEventFlags.None, checksum: true);

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(raw));

        Assert.Equal($"{File}:{decoder.NextOffset}", ex.Position);
    }

    [Fact]
    public void Events_are_placed_by_their_log_pos_not_by_counting()
    {
        var (decoder, builder) = Started();
        builder.Position = 50_000;
        var raw = builder.Next(BinlogEventType.Xid, XidBody(1));

        var xid = decoder.Decode(raw);

        Assert.Equal((50_000L, 50_000L + raw.Length), (xid.Offset, xid.EndOffset));
        Assert.Equal(50_000 + raw.Length, decoder.NextOffset);
    }

    [Fact]
    public void An_event_shorter_than_its_header_says_is_corrupt()
    {
        var (decoder, builder) = Started();
        var raw = builder.Next(BinlogEventType.Xid, XidBody(1));

        Assert.Throws<BinlogCorruptException>(() => decoder.Decode(raw[..^2]));
        Assert.Throws<BinlogCorruptException>(() => decoder.Decode(raw[..10]));
    }
}
