using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Builders;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogEventBuilder;
using static Tandem.MySql.Tests.Binlog.Builders.SerializationWriter;

namespace Tandem.MySql.Tests.Binlog.Events;

/// <summary>GTID_TAGGED_LOG (42) in MySQL's serialization framework format, and its variable-length integers.</summary>
public sealed class TaggedGtidEventReaderTests
{
    private const string File = "binlog.000002";
    private static readonly Guid Source = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    /// <summary>
    /// The body of a GTID_TAGGED_LOG event written by Percona Server 8.4.11 for 77d1902c-01da-11f1-9a41-908d6e5f6e8d:test_tag:1
    /// (transaction_length 337, immediate_server_version 80411), checksum removed, as published in binlog-streamer's test
    /// suite (cBinlogTailScannerTest.cpp). A server's bytes, not ours, so they check the reader against the real format.
    /// </summary>
    private static readonly byte[] PerconaBody =
    [
        0x02, 0x7c, 0x00, 0x00, 0x02, 0x02, 0xee, 0x45, 0x03, 0x41, 0x02, 0x58, 0x02, 0x69, 0x03, 0x22, 0xc5, 0x03, 0x69, 0x02, 0x82, 0x41,
        0x02, 0x35, 0x02, 0xdc, 0xbe, 0xdc, 0x35, 0x02, 0x04, 0x04, 0x06, 0x10, 0x74, 0x65, 0x73, 0x74, 0x5f, 0x74, 0x61, 0x67, 0x08, 0x00,
        0x0a, 0x04, 0x0c, 0x7f, 0x00, 0x3e, 0x89, 0x00, 0xfa, 0x5b, 0x06, 0x10, 0x45, 0x05, 0x12, 0xdb, 0xd0, 0x09,
    ];

    private static BinlogEventDecoder Decoder(BinlogEventBuilder builder)
    {
        var decoder = new BinlogEventDecoder(File, 4, Tandem.MySql.Binlog.Events.BinlogChecksum.Crc32);
        decoder.Decode(builder.Rotate(File, 4, artificial: true));
        decoder.Decode(builder.FormatDescription());
        return decoder;
    }

    [Fact]
    public void A_real_server_tagged_GTID_event_decodes()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.GtidTagged, PerconaBody)));

        Assert.Equal("77d1902c-01da-11f1-9a41-908d6e5f6e8d:test_tag:1", gtid.Gtid);
        Assert.Equal(Guid.Parse("77d1902c-01da-11f1-9a41-908d6e5f6e8d"), gtid.SourceId);
        Assert.Equal(("test_tag", 1L), (gtid.Tag, gtid.Sequence));
        Assert.Equal((0L, 1L), (gtid.LastCommitted, gtid.SequenceNumber));
        Assert.Equal(337ul, gtid.TransactionLength);
        Assert.Equal((80411u, 80411u), (gtid.ImmediateServerVersion, gtid.OriginalServerVersion));
        Assert.Equal(0x065B_FA00_893E00L, gtid.ImmediateCommitMicroseconds);
        Assert.Equal(gtid.ImmediateCommitMicroseconds, gtid.OriginalCommitMicroseconds);
        Assert.False(gtid.IsAnonymous);
    }

    [Fact]
    public void The_builder_writes_what_the_server_writes()
    {
        var body = TaggedGtidBody(Guid.Parse("77d1902c-01da-11f1-9a41-908d6e5f6e8d"), "test_tag", 1, lastCommitted: 0, sequenceNumber: 1,
            immediateCommit: 0x065B_FA00_893E00, transactionLength: 337, immediateVersion: 80411);

        Assert.Equal(Convert.ToHexString(PerconaBody), Convert.ToHexString(body));
    }

    [Fact]
    public void Every_field_of_a_replicated_tagged_GTID_decodes_with_separate_originals()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);
        var body = TaggedGtidBody(Source, "Batch_7", long.MaxValue - 1, lastCommitted: 1_000_000, sequenceNumber: 1_000_001, immediateCommit: 1_700_000_000_000_002,
            originalCommit: 1_600_000_000_000_001, transactionLength: 5_000_000_000, immediateVersion: 90100, originalVersion: 80400, commitGroupTicket: ulong.MaxValue);

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.GtidTagged, body)));

        Assert.Equal($"{Source:D}:batch_7:{long.MaxValue - 1}", gtid.Gtid);
        Assert.Equal((1_000_000L, 1_000_001L), (gtid.LastCommitted, gtid.SequenceNumber));
        Assert.Equal((1_700_000_000_000_002L, 1_600_000_000_000_001L), (gtid.ImmediateCommitMicroseconds, gtid.OriginalCommitMicroseconds));
        Assert.Equal(5_000_000_000ul, gtid.TransactionLength);
        Assert.Equal((90100u, 80400u), (gtid.ImmediateServerVersion, gtid.OriginalServerVersion));
    }

    [Fact]
    public void Fields_a_newer_server_adds_as_ignorable_are_skipped()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);
        var body = TaggedGtidBody(Source, "t", 5, extraFields: [.. Field(12, Unsigned(123_456)), .. Field(13, SerializationWriter.String([1, 2, 3]))]);

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(builder.Next(BinlogEventType.GtidTagged, body)));

        Assert.Equal($"{Source:D}:t:5", gtid.Gtid);
    }

    [Fact]
    public void A_field_a_newer_server_says_must_be_understood_stops_with_the_position()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);
        var start = builder.Position;
        var body = TaggedGtidBody(Source, "t", 5, extraFields: Field(12, Unsigned(1)), lastNonIgnorableFieldId: 13);

        var ex = Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next(BinlogEventType.GtidTagged, body)));

        Assert.Equal($"{File}:{start}", ex.Position);
    }

    [Fact]
    public void Another_serialization_format_version_is_refused()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);
        var fields = TaggedGtidBody(Source, "t", 5)[3..];

        Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next(BinlogEventType.GtidTagged, Message(fields, version: 2))));
    }

    [Fact]
    public void A_tag_that_is_not_a_tag_is_refused()
    {
        var builder = new BinlogEventBuilder();
        var decoder = Decoder(builder);

        Assert.Throws<BinlogCorruptException>(() => decoder.Decode(builder.Next(BinlogEventType.GtidTagged, TaggedGtidBody(Source, "9bad-tag", 5))));
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(1ul)]
    [InlineData(127ul)]
    [InlineData(128ul)]
    [InlineData(65535ul)]
    [InlineData((1ul << 56) - 1)]
    [InlineData(1ul << 56)]
    [InlineData(ulong.MaxValue)]
    public void Variable_length_integers_read_back(ulong value)
    {
        var bytes = Unsigned(value);
        var reader = new SerializedFieldReader(bytes, "test");

        Assert.Equal(value, reader.ReadUnsigned("value"));
        Assert.Equal(bytes.Length, reader.Offset);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(65535L)]
    [InlineData(-65536L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Signed_variable_length_integers_read_back(long value)
    {
        var reader = new SerializedFieldReader(Signed(value), "test");

        Assert.Equal(value, reader.ReadSigned("value"));
    }

    [Fact]
    public void The_documented_examples_of_variable_length_integers_hold()
    {
        // readme.md: 65535 unsigned is 00000111 11111111 11111011, signed 00001111 11111111 11110011, -65535 ...11101011.
        Assert.Equal([0xFB, 0xFF, 0x07], Unsigned(65535));
        Assert.Equal([0xF3, 0xFF, 0x0F], Signed(65535));
        Assert.Equal([0xEB, 0xFF, 0x0F], Signed(-65535));
        Assert.Equal([0xFB, 0xFF, 0x0F], Signed(-65536));
    }
}
