namespace Tandem.MySql.Protocol.Payloads;

/// <summary>Column definition flags. See https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__column__definition__flags.html.</summary>
[Flags]
public enum ColumnFlags : ushort
{
    None = 0,
    NotNull = 1,
    PrimaryKey = 2,
    UniqueKey = 4,
    MultipleKey = 8,
    Blob = 16,
    Unsigned = 32,
    ZeroFill = 64,
    Binary = 128,
    Enum = 256,
    AutoIncrement = 512,
    Timestamp = 1024,
    Set = 2048,
}
