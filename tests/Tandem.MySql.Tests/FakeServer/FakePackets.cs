using System.Text;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>Builders for the server packets the fake sends, written from the protocol pages cited on each.</summary>
internal static class FakePackets
{
    /// <summary>OK: 0x00 (or 0xFE to end rows under CLIENT_DEPRECATE_EOF), affected rows, insert id, status, warnings.</summary>
    public static byte[] Ok(ServerStatus status = ServerStatus.AutoCommit, ulong affectedRows = 0, ulong lastInsertId = 0, ushort warnings = 0, byte header = 0x00)
    {
        using var bytes = new MemoryStream();
        bytes.WriteByte(header);
        WriteLengthEncoded(bytes, affectedRows);
        WriteLengthEncoded(bytes, lastInsertId);
        WriteUInt16(bytes, (ushort)status);
        WriteUInt16(bytes, warnings);
        return bytes.ToArray();
    }

    /// <summary>The OK that ends a result set's rows under CLIENT_DEPRECATE_EOF: header 0xFE.</summary>
    public static byte[] EndOfRowsOk(ServerStatus status = ServerStatus.AutoCommit) => Ok(status, header: 0xFE);

    /// <summary>EOF: 0xFE, warnings, status (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html).</summary>
    public static byte[] Eof(ServerStatus status = ServerStatus.AutoCommit)
    {
        using var bytes = new MemoryStream();
        bytes.WriteByte(0xFE);
        WriteUInt16(bytes, 0);
        WriteUInt16(bytes, (ushort)status);
        return bytes.ToArray();
    }

    /// <summary>ERR: 0xFF, code, '#', SQLSTATE, message (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html).</summary>
    public static byte[] Error(ushort code, string sqlState, string message)
    {
        using var bytes = new MemoryStream();
        bytes.WriteByte(0xFF);
        WriteUInt16(bytes, code);
        bytes.WriteByte((byte)'#');
        bytes.Write(Encoding.ASCII.GetBytes(sqlState));
        bytes.Write(Encoding.UTF8.GetBytes(message));
        return bytes.ToArray();
    }

    /// <summary>AuthSwitchRequest: 0xFE, plugin name, NUL, plugin data as given.</summary>
    public static byte[] AuthSwitch(string plugin, byte[] data) => [0xFE, .. Encoding.ASCII.GetBytes(plugin), 0, .. data];

    /// <summary>AuthMoreData: 0x01 then the plugin's data.</summary>
    public static byte[] AuthMoreData(params byte[] data) => [0x01, .. data];

    public static byte[] ColumnCount(int count)
    {
        using var bytes = new MemoryStream();
        WriteLengthEncoded(bytes, (ulong)count);
        return bytes.ToArray();
    }

    /// <summary>ColumnDefinition41 (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html).</summary>
    public static byte[] Column(string name, ColumnType type, ColumnFlags flags = ColumnFlags.None, ushort charset = 45, byte decimals = 0, uint length = 255)
    {
        using var bytes = new MemoryStream();
        foreach (var text in new[] { "def", "db", "t", "t", name, name })
        {
            WriteLengthEncodedBytes(bytes, Encoding.UTF8.GetBytes(text));
        }

        bytes.WriteByte(0x0C);
        WriteUInt16(bytes, charset);
        WriteUInt16(bytes, (ushort)length);
        WriteUInt16(bytes, (ushort)(length >> 16));
        bytes.WriteByte((byte)type);
        WriteUInt16(bytes, (ushort)flags);
        bytes.WriteByte(decimals);
        WriteUInt16(bytes, 0);
        return bytes.ToArray();
    }

    /// <summary>A text row: each value a length-encoded string, 0xFB for NULL.</summary>
    public static byte[] TextRow(params byte[]?[] values)
    {
        using var bytes = new MemoryStream();
        foreach (var value in values)
        {
            if (value is null)
            {
                bytes.WriteByte(0xFB);
            }
            else
            {
                WriteLengthEncodedBytes(bytes, value);
            }
        }

        return bytes.ToArray();
    }

    public static byte[] TextRow(params string?[] values) =>
        TextRow(values.Select(v => v is null ? null : Encoding.UTF8.GetBytes(v)).ToArray());

    public static void WriteLengthEncoded(Stream stream, ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                stream.WriteByte((byte)value);
                break;
            case <= 0xFFFF:
                stream.WriteByte(0xFC);
                WriteUInt16(stream, (ushort)value);
                break;
            case <= 0xFFFFFF:
                stream.WriteByte(0xFD);
                WriteUInt16(stream, (ushort)value);
                stream.WriteByte((byte)(value >> 16));
                break;
            default:
                stream.WriteByte(0xFE);
                WriteUInt16(stream, (ushort)value);
                WriteUInt16(stream, (ushort)(value >> 16));
                WriteUInt16(stream, (ushort)(value >> 32));
                WriteUInt16(stream, (ushort)(value >> 48));
                break;
        }
    }

    public static void WriteLengthEncodedBytes(Stream stream, ReadOnlySpan<byte> value)
    {
        WriteLengthEncoded(stream, (ulong)value.Length);
        stream.Write(value);
    }

    public static void WriteUInt16(Stream stream, ushort value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }
}
