namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// MySQL TRANSACTION_PAYLOAD (40): a whole transaction's events (without the GTID event, without checksums, with
/// log_pos 0), compressed. Body: fields as (type, length, value) with packed integers: 1 payload size,
/// 2 compression type (0 zstd, 255 none), 3 uncompressed size; 0 ends the fields and the payload follows.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html.
/// </summary>
public sealed class TransactionPayloadEvent : BinlogEvent
{
    public const int CompressionZstd = 0;

    public const int CompressionNone = 255;

    public required int Compression { get; init; }

    public required ulong UncompressedSize { get; init; }

    public required ReadOnlyMemory<byte> Payload { get; init; }
}
