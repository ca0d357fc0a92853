using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.Values;

internal static class Columns
{
    public const ushort Utf8Mb4 = 255;
    public const ushort Binary = ColumnDefinition.BinaryCharacterSet;
    public const ushort Latin1 = 8;

    public static ColumnDefinition Of(ColumnType type, ColumnFlags flags = ColumnFlags.None, ushort charset = Binary, byte decimals = 0) => new()
    {
        Schema = "db",
        Table = "t",
        OriginalTable = "t",
        Name = "c",
        OriginalName = "c",
        CharacterSet = charset,
        ColumnLength = 0,
        Type = type,
        Flags = flags,
        Decimals = decimals,
    };

    public static ColumnDefinition Unsigned(ColumnType type) => Of(type, ColumnFlags.Unsigned);

    public static ColumnDefinition Text(ColumnType type, ushort charset = Utf8Mb4) => Of(type, ColumnFlags.None, charset);
}
