namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// MySQL GTID (33), ANONYMOUS_GTID (34) and GTID_TAGGED_LOG (42): opens a transaction. Body of 33/34: flags (1),
/// source UUID (16), GNO (8), then optionally the logical-clock fields (type 2, last_committed 8, sequence_number 8),
/// immediate commit timestamp (7, high bit: original commit timestamp follows), transaction length (length-encoded),
/// server versions (4 each, high bit: the original follows). 42 carries the same fields and a tag in MySQL's
/// serialization format (<see cref="TaggedGtidEventReader"/>).
/// </summary>
public sealed class MySqlGtidEvent : BinlogEvent
{
    public required Guid SourceId { get; init; }

    /// <summary>The GTID tag (MySQL 8.3+), lower case; null for untagged.</summary>
    public string? Tag { get; init; }

    public required long Sequence { get; init; }

    public bool IsAnonymous => Type == BinlogEventType.AnonymousGtid;

    /// <summary>The logical clock (binlog_transaction_dependency_tracking): the last transaction this one depends on.</summary>
    public long? LastCommitted { get; init; }

    /// <summary>The logical clock: this transaction's number within the file.</summary>
    public long? SequenceNumber { get; init; }

    /// <summary>The version of the server that wrote this event, e.g. 80411 for 8.4.11, when logged.</summary>
    public uint? ImmediateServerVersion { get; init; }

    /// <summary>The version of the server where the transaction was first committed, when logged.</summary>
    public uint? OriginalServerVersion { get; init; }

    /// <summary>Microseconds since the epoch when the source committed, when logged.</summary>
    public long? ImmediateCommitMicroseconds { get; init; }

    /// <summary>Microseconds since the epoch when the originating server committed, when logged.</summary>
    public long? OriginalCommitMicroseconds { get; init; }

    public ulong? TransactionLength { get; init; }

    public string Gtid => Tag is null ? $"{SourceId:D}:{Sequence}" : $"{SourceId:D}:{Tag}:{Sequence}";
}
