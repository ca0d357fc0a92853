namespace Tandem.MySql.Binlog.Events;

/// <summary>binlog_checksum algorithms as the format description event records them.</summary>
public enum BinlogChecksum : byte
{
    None = 0,
    Crc32 = 1,
    Undefined = 255,
}
