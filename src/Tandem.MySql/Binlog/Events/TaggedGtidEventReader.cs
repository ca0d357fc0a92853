using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Events;

/// <summary>GTID_TAGGED_LOG (42, MySQL 8.3+): a GTID event in MySQL's self-describing serialization format.</summary>
internal static class TaggedGtidEventReader
{
    public static MySqlGtidEvent Read(in BinlogEventHeader header, ReadOnlySpan<byte> body, string file, long start, long end) =>
        throw new MySqlProtocolException("tagged GTID events are not decoded yet");
}
