using System.Text;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// GTID_TAGGED_LOG (42, MySQL 8.3+, WL#15294): a GTID event written with MySQL's serialization framework instead of
/// fixed offsets. The body is one message (libs/mysql/serialization/readme.md, serializer_impl.hpp): the format version
/// (1), the message size counted from its first byte, the id of the last field a reader must understand, then fields,
/// each its id followed by its value, in increasing id order; a field left out takes its default. The fields are those
/// of Gtid_event::define_fields (libs/mysql/binlog/event/control_events.h), numbered from 0:
/// gtid_flags, the source UUID (16 one-byte integers), gno (signed), the tag (a string of at most 32 bytes),
/// last_committed and sequence_number (signed), the immediate and original commit timestamps (microseconds), the
/// transaction length, the immediate and original server versions, and the commit group ticket. Every integer is
/// variable-length (<see cref="SerializedFieldReader"/>). The original timestamp and version are left out when equal
/// to the immediate ones.
/// </summary>
internal static class TaggedGtidEventReader
{
    /// <summary>The version of the serialization format this reader knows (serialization_format_version.h).</summary>
    private const ulong FormatVersion = 1;

    private const int FieldFlags = 0;
    private const int FieldUuid = 1;
    private const int FieldGno = 2;
    private const int FieldTag = 3;
    private const int FieldLastCommitted = 4;
    private const int FieldSequenceNumber = 5;
    private const int FieldImmediateCommit = 6;
    private const int FieldOriginalCommit = 7;
    private const int FieldTransactionLength = 8;
    private const int FieldImmediateServerVersion = 9;
    private const int FieldOriginalServerVersion = 10;
    private const int FieldCommitGroupTicket = 11;
    private const int LastKnownField = FieldCommitGroupTicket;

    public static MySqlGtidEvent Read(in BinlogEventHeader header, ReadOnlySpan<byte> body, string file, long start, long end)
    {
        var reader = new SerializedFieldReader(body, "tagged GTID event");
        var version = reader.ReadUnsigned("the serialization format version");
        if (version != FormatVersion)
            throw reader.Malformed($"serialization format version {FormatVersion}, found {version} (a newer server's format)", 0);
        var size = reader.ReadUnsigned("the message size");
        if (size > (ulong)reader.Length)
            throw reader.Malformed($"a message size within the {reader.Length}-byte body, found {size}", 1);
        var messageEnd = (int)size;
        var lastNonIgnorable = reader.ReadUnsigned("the last non-ignorable field id");
        if (lastNonIgnorable > LastKnownField + 1)
        {
            // The writer says a reader must understand a field this one does not know (decode_serializable_metadata).
            throw reader.Malformed($"no field a reader must understand beyond id {LastKnownField}, found one up to id {lastNonIgnorable - 1}", 0);
        }

        var uuid = new byte[16];
        var sawUuid = false;
        long? gno = null;
        string? tag = null;
        long? lastCommitted = null;
        long? sequenceNumber = null;
        ulong? immediate = null;
        ulong? original = null;
        ulong? length = null;
        ulong? immediateVersion = null;
        ulong? originalVersion = null;
        for (var field = 0; field <= LastKnownField && reader.Offset < messageEnd; field++)
        {
            var (id, _) = reader.PeekUnsigned("a field id");
            if (id > (ulong)field)
                continue; // Left out: the next field present has a later id.
            if (id < (ulong)field)
                throw reader.Malformed($"field ids in increasing order, found {id} after {field - 1}", reader.Offset);
            reader.ReadUnsigned("a field id");
            switch (field)
            {
                case FieldFlags:
                    reader.ReadUnsigned("gtid_flags", byte.MaxValue);
                    break;
                case FieldUuid:
                    for (var i = 0; i < uuid.Length; i++)
                        uuid[i] = (byte)reader.ReadUnsigned("a byte of the source UUID", byte.MaxValue);
                    sawUuid = true;
                    break;
                case FieldGno:
                    gno = reader.ReadSigned("gno");
                    break;
                case FieldTag:
                    tag = Encoding.ASCII.GetString(reader.ReadBytes("the tag", GtidTag.MaxLength));
                    break;
                case FieldLastCommitted:
                    lastCommitted = reader.ReadSigned("last_committed");
                    break;
                case FieldSequenceNumber:
                    sequenceNumber = reader.ReadSigned("sequence_number");
                    break;
                case FieldImmediateCommit:
                    immediate = reader.ReadUnsigned("immediate_commit_timestamp", long.MaxValue);
                    break;
                case FieldOriginalCommit:
                    original = reader.ReadUnsigned("original_commit_timestamp", long.MaxValue);
                    break;
                case FieldTransactionLength:
                    length = reader.ReadUnsigned("transaction_length");
                    break;
                case FieldImmediateServerVersion:
                    immediateVersion = reader.ReadUnsigned("immediate_server_version", uint.MaxValue);
                    break;
                case FieldOriginalServerVersion:
                    originalVersion = reader.ReadUnsigned("original_server_version", uint.MaxValue);
                    break;
                default:
                    reader.ReadUnsigned("commit_group_ticket");
                    break;
            }

            if (reader.Offset > messageEnd)
                throw reader.Malformed($"fields within the declared message size of {messageEnd} bytes", messageEnd);
        }

        // Fields a newer server added after the last known one are ignorable (checked above): skip them.
        reader.SkipTo(messageEnd);
        if (!sawUuid || gno is null)
            throw reader.Malformed("the source UUID and gno fields", 0);
        if (gno is < 1 or > GtidIntervals.MaxGno)
            throw reader.Malformed($"a gno from 1 to {GtidIntervals.MaxGno}, found {gno}", 0);
        if (tag is { Length: > 0 } && !GtidTag.IsValid(tag))
            throw reader.Malformed($"a GTID tag of letters, digits and underscores, found '{tag}'", 0);

        return new MySqlGtidEvent
        {
            Header = header,
            File = file,
            Offset = start,
            EndOffset = end,
            SourceId = new Guid(uuid, bigEndian: true),
            Tag = string.IsNullOrEmpty(tag) ? null : tag.ToLowerInvariant(),
            Sequence = gno.Value,
            LastCommitted = lastCommitted,
            SequenceNumber = sequenceNumber,
            ImmediateCommitMicroseconds = (long?)immediate,
            OriginalCommitMicroseconds = (long?)(original ?? immediate),
            TransactionLength = length,
            ImmediateServerVersion = (uint?)immediateVersion,
            OriginalServerVersion = (uint?)(originalVersion ?? immediateVersion),
        };
    }
}
